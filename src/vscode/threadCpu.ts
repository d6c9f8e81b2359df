/**
 * CPU time of the calling thread so far, in ms: wall time less any wait for a core. Node ≥ 23.9
 * tells a thread's (code-server 1.139 runs 24); older ones the whole process's.
 */
export function threadCpuMs(): number {
  const usage = (process as { threadCpuUsage?: () => NodeJS.CpuUsage }).threadCpuUsage?.() ?? process.cpuUsage();
  return (usage.user + usage.system) / 1000;
}
