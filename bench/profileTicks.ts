import { readFileSync } from 'node:fs';

interface ProfileNode {
  readonly id: number;
  readonly callFrame: { readonly functionName: string; readonly url: string; readonly lineNumber: number };
  readonly children?: readonly number[];
}

export interface CpuProfile {
  readonly nodes: readonly ProfileNode[];
  readonly startTime: number;
  readonly samples: readonly number[];
  readonly timeDeltas: readonly number[];
}

/** A heartbeat tick with over 20 ms of main-thread CPU, in the profile's clock (µs). */
export interface TickWindow {
  readonly startUs: number;
  readonly endUs: number;
  readonly busyMs: number;
}

interface ProfileFile {
  readonly profile: CpuProfile;
  readonly windows: readonly TickWindow[];
  readonly marksAtUs?: number;
}

/** What a profile says of our extension's own code (frames of its bundle, dist/extension.js). */
export interface OurCode {
  /** Samples with one of our frames on the stack, as time. */
  readonly totalMs: number;
  /** The longest run of consecutive samples in our code: our longest task, about. */
  readonly longestRunMs: number;
  readonly longestRunAtMs: number;
  readonly longestRunEntry: string;
  readonly busyTicksWithOurCode: number;
}

const TOP = 12;
const OUR_BUNDLE = /\/dist\/extension\.js$/;

class ProfileView {
  readonly byId: Map<number, ProfileNode>;
  readonly parent = new Map<number, number>();
  readonly times: number[] = [];
  /**
   * A sample's wall time includes any time the process waited for a CPU (on a loaded machine,
   * tens of ms): each sample counts as the median interval instead, an estimate of CPU time.
   */
  readonly sampleMs: number;

  constructor(readonly profile: CpuProfile) {
    this.byId = new Map(profile.nodes.map((node) => [node.id, node]));
    for (const node of profile.nodes) for (const child of node.children ?? []) this.parent.set(child, node.id);
    let t = profile.startTime;
    for (const delta of profile.timeDeltas) this.times.push((t += delta));
    const sorted = profile.timeDeltas.slice(1).sort((a, b) => a - b);
    this.sampleMs = (sorted[sorted.length >> 1] ?? 0) / 1000;
  }

  *stack(sample: number): Generator<ProfileNode> {
    for (let node = this.byId.get(sample); node !== undefined; node = this.byId.get(this.parent.get(node.id) ?? -1)) yield node;
  }

  /** The outermost frame of our bundle in a sample's stack, if any. */
  ourEntry(sample: number): ProfileNode | undefined {
    let entry: ProfileNode | undefined;
    for (const node of this.stack(sample)) if (OUR_BUNDLE.test(node.callFrame.url)) entry = node;
    return entry;
  }
}

export function label(node: ProfileNode): string {
  const { functionName, url, lineNumber } = node.callFrame;
  const short = url.replace(/^.*\/(extensions|out|dist|node_modules|vs)\//, '$1/');
  return `${functionName || '(anonymous)'} ${short}:${lineNumber + 1}`;
}

export function ourCode(profile: CpuProfile, windows: readonly TickWindow[]): OurCode {
  const view = new ProfileView(profile);
  let run = { startUs: 0, ms: 0, entry: '' };
  let longest = run;
  let totalMs = 0;
  const busy = new Set<TickWindow>();
  profile.samples.forEach((sample, i) => {
    const at = view.times[i] as number;
    const entry = view.ourEntry(sample);
    if (entry === undefined) {
      run = { startUs: 0, ms: 0, entry: '' };
      return;
    }
    totalMs += view.sampleMs;
    for (const w of windows) if (at >= w.startUs && at <= w.endUs) busy.add(w);
    if (run.ms === 0) run = { startUs: at, ms: 0, entry: label(entry) };
    run.ms += view.sampleMs;
    if (run.ms > longest.ms) longest = run;
  });
  return { totalMs, longestRunMs: longest.ms, longestRunAtMs: (longest.startUs - profile.startTime) / 1000, longestRunEntry: longest.entry, busyTicksWithOurCode: busy.size };
}

/**
 * What the extension host's main thread did in each heartbeat tick with over 20 ms of CPU time
 * (a profile written by the VS Code load bench with LOAD_BENCH_PROFILE=DIR): per tick, the
 * functions that took its samples (self time) and the frames they ran under (inclusive time);
 * then our extension's share. Usage: node out/bench/profileTicks.js DIR/load-1.json
 */
function main(file: string): void {
  const { profile, windows, marksAtUs } = JSON.parse(readFileSync(file, 'utf8')) as ProfileFile;
  const view = new ProfileView(profile);
  console.log(`${profile.samples.length} samples, median interval ${(view.sampleMs * 1000).toFixed(0)} µs; times below are samples × that interval`);
  const report = (title: string, startUs: number, endUs: number) => {
    const self = new Map<string, number>();
    const inclusive = new Map<string, number>();
    let total = 0;
    profile.samples.forEach((sample, i) => {
      const at = view.times[i] as number;
      if (at < startUs || at > endUs) return;
      total += view.sampleMs;
      const seen = new Set<string>();
      let first = true;
      for (const node of view.stack(sample)) {
        const name = label(node);
        if (first) self.set(name, (self.get(name) ?? 0) + view.sampleMs);
        first = false;
        if (seen.has(name)) continue;
        seen.add(name);
        inclusive.set(name, (inclusive.get(name) ?? 0) + view.sampleMs);
      }
    });
    console.log(`\n== ${title}: ${total.toFixed(1)} ms sampled`);
    const top = (map: Map<string, number>) => [...map].sort((a, b) => b[1] - a[1]).slice(0, TOP);
    console.log(' self:');
    for (const [name, ms] of top(self)) console.log(`   ${ms.toFixed(1).padStart(7)} ms  ${name}`);
    console.log(' inclusive:');
    for (const [name, ms] of top(inclusive)) console.log(`   ${ms.toFixed(1).padStart(7)} ms  ${name}`);
  };
  const ours = ourCode(profile, windows);
  console.log(
    `our extension's code: ${ours.totalMs.toFixed(1)} ms sampled in the window; longest unbroken run ${ours.longestRunMs.toFixed(1)} ms at +${ours.longestRunAtMs.toFixed(0)} ms (entered through ${ours.longestRunEntry}); ` +
      `${ours.busyTicksWithOurCode} of ${windows.length} ticks over 20 ms ran some of it`,
  );
  if (ours.longestRunMs > 0) report('our longest unbroken run', profile.startTime + ours.longestRunAtMs * 1000, profile.startTime + ours.longestRunAtMs * 1000 + ours.longestRunMs * 1000);
  for (const w of windows) report(`tick of ${w.busyMs.toFixed(1)} ms CPU at +${((w.endUs - profile.startTime) / 1000).toFixed(0)} ms`, w.startUs, w.endUs);
  if (marksAtUs !== undefined) report('start to marks', profile.startTime, marksAtUs);
  report('whole window', profile.startTime, Number.POSITIVE_INFINITY);
}

if (require.main === module) main(process.argv[2] ?? '');
