import { readFileSync } from 'node:fs';

/** A V8 sampling heap profile (HeapProfiler.stopSampling), as LOAD_BENCH_HEAP writes it. */
interface HeapNode {
  readonly callFrame: { readonly functionName: string; readonly url: string; readonly lineNumber: number };
  readonly selfSize: number;
  readonly children: readonly HeapNode[];
}

const TOP = 20;
const STACK_DEPTH = 6;

/** Bytes allocated in the profile, by allocating function and by its nearest callers. */
export function heapSites(head: HeapNode): { totalBytes: number; byFunction: [string, number][]; byStack: [string, number][] } {
  const byFunction = new Map<string, number>();
  const byStack = new Map<string, number>();
  let totalBytes = 0;
  const walk = (node: HeapNode, callers: readonly string[]) => {
    const { functionName, url, lineNumber } = node.callFrame;
    const name = `${functionName === '' ? '(anonymous)' : functionName} ${url.split('/').slice(-2).join('/')}:${lineNumber + 1}`;
    const stack = [name, ...callers];
    if (node.selfSize > 0) {
      totalBytes += node.selfSize;
      byFunction.set(name, (byFunction.get(name) ?? 0) + node.selfSize);
      const key = stack.slice(0, STACK_DEPTH).join(' < ');
      byStack.set(key, (byStack.get(key) ?? 0) + node.selfSize);
    }
    for (const child of node.children) walk(child, stack);
  };
  walk(head, []);
  const top = (map: Map<string, number>) => [...map].sort((a, b) => b[1] - a[1]).slice(0, TOP);
  return { totalBytes, byFunction: top(byFunction), byStack: top(byStack) };
}

if (require.main === module) {
  const file = process.argv[2];
  if (file === undefined) throw new Error('usage: node out/bench/heapSites.js FILE.heapprofile');
  const { totalBytes, byFunction, byStack } = heapSites((JSON.parse(readFileSync(file, 'utf8')) as { head: HeapNode }).head);
  const mb = (bytes: number) => `${(bytes / 1e6).toFixed(2).padStart(7)} MB`;
  console.log(`allocated (sampled) ${mb(totalBytes)}\nby function:`);
  for (const [name, bytes] of byFunction) console.log(`${mb(bytes)}  ${name}`);
  console.log('by stack (allocating function first):');
  for (const [stack, bytes] of byStack) console.log(`${mb(bytes)}  ${stack}`);
}
