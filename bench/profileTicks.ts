import { readFileSync } from 'node:fs';

interface ProfileNode {
  readonly id: number;
  readonly callFrame: { readonly functionName: string; readonly url: string; readonly lineNumber: number };
  readonly children?: readonly number[];
}

interface Profile {
  readonly nodes: readonly ProfileNode[];
  readonly startTime: number;
  readonly samples: readonly number[];
  readonly timeDeltas: readonly number[];
}

interface ProfileFile {
  readonly profile: Profile;
  readonly windows: readonly { readonly startUs: number; readonly endUs: number; readonly busyMs: number }[];
  readonly marksAtUs?: number;
}

const TOP = 12;

/**
 * What the extension host's main thread did in each heartbeat tick with over 20 ms of CPU time
 * (a profile written by the VS Code load bench with LOAD_BENCH_PROFILE=DIR): per tick, the
 * functions that took its samples (self time) and the frames they ran under (inclusive time).
 * Usage: node out/bench/profileTicks.js DIR/load-1.json
 */
function main(file: string): void {
  const { profile, windows, marksAtUs } = JSON.parse(readFileSync(file, 'utf8')) as ProfileFile;
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const parent = new Map<number, number>();
  for (const node of profile.nodes) for (const child of node.children ?? []) parent.set(child, node.id);
  const times: number[] = [];
  let t = profile.startTime;
  for (const delta of profile.timeDeltas) times.push((t += delta));
  const label = (node: ProfileNode) => {
    const { functionName, url, lineNumber } = node.callFrame;
    const short = url.replace(/^.*\/(extensions|out|dist|node_modules|vs)\//, '$1/');
    return `${functionName || '(anonymous)'} ${short}:${lineNumber + 1}`;
  };
  const report = (title: string, startUs: number, endUs: number) => {
    const self = new Map<string, number>();
    const inclusive = new Map<string, number>();
    let total = 0;
    for (let i = 0; i < profile.samples.length; i++) {
      const at = times[i] as number;
      if (at < startUs || at > endUs) continue;
      const duration = ((times[i + 1] ?? at) - at) / 1000;
      total += duration;
      let node = byId.get(profile.samples[i] as number);
      if (node === undefined) continue;
      self.set(label(node), (self.get(label(node)) ?? 0) + duration);
      const seen = new Set<string>();
      for (; node !== undefined; node = byId.get(parent.get(node.id) ?? -1)) {
        const name = label(node);
        if (seen.has(name)) continue;
        seen.add(name);
        inclusive.set(name, (inclusive.get(name) ?? 0) + duration);
      }
    }
    console.log(`\n== ${title}: ${total.toFixed(1)} ms sampled`);
    const top = (map: Map<string, number>) => [...map].sort((a, b) => b[1] - a[1]).slice(0, TOP);
    console.log(' self:');
    for (const [name, ms] of top(self)) console.log(`   ${ms.toFixed(1).padStart(7)} ms  ${name}`);
    console.log(' inclusive:');
    for (const [name, ms] of top(inclusive)) console.log(`   ${ms.toFixed(1).padStart(7)} ms  ${name}`);
  };
  for (const w of windows) report(`tick of ${w.busyMs.toFixed(1)} ms CPU at +${((w.endUs - profile.startTime) / 1000).toFixed(0)} ms`, w.startUs, w.endUs);
  if (marksAtUs !== undefined) report('start to marks', profile.startTime, marksAtUs);
  report('whole window', profile.startTime, Number.POSITIVE_INFINITY);
}

main(process.argv[2] ?? '');
