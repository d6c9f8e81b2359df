import { existsSync, readFileSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { SentinelApi } from '../../src/vscode/testApi';
import type { CodecovPlan, LoadPlan } from '../loadSample';
import { runCodecovBench } from './codecovBench';
import { runLoadBench } from './loadBench';
import { median } from '../util';

const LINES = 10_000;
const SAMPLES = 21;
/** Time given to VS Code to draw one redraw's marks before the next (the settled samples). */
const SETTLE_MS = 250;

/** Written by bench/vscodeLoad.bench.ts for a load run; without it, the redraw bench runs. */
const PLAN = path.resolve(__dirname, '..', 'vscode-plan.json');

/** Runs inside a real VS Code (scripts/run-integration.mjs --tests out/bench/vscode). */
export async function run(): Promise<void> {
  const extension = vscode.extensions.getExtension<SentinelApi>('coverage-sentinel.coverage-sentinel');
  if (extension === undefined) throw new Error('extension not installed');
  const api = await extension.activate();
  await api.whenIdle();
  const plan = existsSync(PLAN) ? (JSON.parse(readFileSync(PLAN, 'utf8')) as LoadPlan | CodecovPlan) : undefined;
  if (plan?.kind === 'codecov') await runCodecovBench(api, plan);
  else if (plan !== undefined) await runLoadBench(api, plan);
  else await runRedrawBench(api);
  // scripts/run-integration.mjs requires it: without it the extension host ended first.
  console.log('integration suite finished');
}

/**
 * A 10,000-line file with a report marking every line, redrawn SAMPLES times back to back and
 * SAMPLES times settled; prints the median time from "detail in hand" to "decorations set", as
 * wall time and as the extension host thread's CPU time (wall time less any wait for a core).
 */
async function runRedrawBench(api: SentinelApi): Promise<void> {
  const folder = vscode.workspace.workspaceFolders?.[0];
  if (folder === undefined) throw new Error('no workspace folder');
  const source = vscode.Uri.joinPath(folder.uri, 'bench-10k.js');
  const report = vscode.Uri.joinPath(folder.uri, 'coverage', 'bench-10k.lcov');
  await writeFile(source.fsPath, Array.from({ length: LINES }, (_, i) => `const line${i} = ${i};`).join('\n'));
  const records = Array.from({ length: LINES }, (_, i) => `DA:${i + 1},${i % 7 === 0 ? 0 : i % 3}`);
  const branches = Array.from({ length: LINES / 10 }, (_, i) => `BRDA:${i * 10 + 1},0,0,${i % 2}\nBRDA:${i * 10 + 1},0,1,1`);
  await writeFile(report.fsPath, `SF:../bench-10k.js\n${records.join('\n')}\n${branches.join('\n')}\nend_of_record\n`);
  await vscode.window.showTextDocument(source);
  const deadline = Date.now() + 30_000;
  while (api.decorations(source) === undefined && Date.now() < deadline) {
    await api.whenIdle();
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  const marks = api.decorations(source);
  if (marks === undefined) throw new Error('the 10,000-line file never got its marks');
  const marked = marks.covered.length + marks.partial.length + marks.uncovered.length;
  console.log(`BENCH redraw: ${LINES} lines (${marked} marked: ${marks.covered.length} covered, ${marks.partial.length} partial, ${marks.uncovered.length} uncovered), VS Code ${vscode.version}; target < 5 ms`);
  const backToBack = await redrawSamples(api, source, 0);
  const settled = await redrawSamples(api, source, SETTLE_MS);
  console.log(`BENCH redraw: ${describe(backToBack)}, back to back (each redraw right after the one before, as VS Code still draws that one)`);
  console.log(`BENCH redraw: ${describe(settled)}, settled (${SETTLE_MS} ms between redraws)`);
  await vscode.commands.executeCommand('workbench.action.closeAllEditors');
}

type DrawCost = NonNullable<ReturnType<SentinelApi['lastDraw']>>;

/** Marks toggled off and on SAMPLES times, `pauseMs` after each; the cost of each redraw that put them back. */
async function redrawSamples(api: SentinelApi, source: vscode.Uri, pauseMs: number): Promise<DrawCost[]> {
  const samples: DrawCost[] = [];
  for (let i = 0; i < SAMPLES; i++) {
    for (let toggle = 0; toggle < 2; toggle++) {
      await vscode.commands.executeCommand('coverageSentinel.toggleMarks');
      await api.whenIdle();
      if (pauseMs > 0) await new Promise((resolve) => setTimeout(resolve, pauseMs));
    }
    const cost = api.lastDraw(source);
    if (cost !== undefined) samples.push(cost);
  }
  if (samples.length === 0) throw new Error('no redraw was measured');
  return samples;
}

function describe(samples: readonly DrawCost[]): string {
  const wall = samples.map((s) => s.wallMs);
  const cpu = samples.map((s) => s.cpuMs);
  return `median ${median(wall).toFixed(2)} ms wall (max ${Math.max(...wall).toFixed(2)}), ${median(cpu).toFixed(2)} ms CPU, over ${samples.length} redraws`;
}
