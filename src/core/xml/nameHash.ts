/** Seeds nameHash per process, so that no report can be written to make its names collide. */
const HASH_SEED = (Math.random() * 2 ** 32) | 0;

/** FNV-1a over the bytes, seeded. */
export function nameHash(bytes: Uint8Array, start: number, end: number): number {
  let hash = HASH_SEED ^ 0x811c9dc5;
  for (let i = start; i < end; i++) hash = Math.imul(hash ^ (bytes[i] as number), 0x01000193);
  return (hash ^ (hash >>> 15)) >>> 0;
}
