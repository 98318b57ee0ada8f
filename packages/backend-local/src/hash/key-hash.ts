/** The one hash of key values used by grouping and joins (murmur3 finalizer; FNV-1a over utf8 bytes). */
export function mix32(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  return (h ^ (h >>> 16)) >>> 0;
}

const f64 = new Float64Array(1);
const u32 = new Uint32Array(f64.buffer);

/** Equal numbers hash equal whatever their type (int32 3, int64 3 and float 3.0); -0 = 0. */
export function hashNumber(v: number): number {
  if ((v | 0) === v) return mix32(v);
  f64[0] = v;
  return mix32(u32[0]! ^ mix32(u32[1]!));
}

export function hashBytes(bytes: Uint8Array, start: number, end: number): number {
  let h = 2166136261;
  for (let p = start; p < end; p++) h = Math.imul(h ^ bytes[p]!, 16777619);
  return mix32(h);
}

export const NULL_HASH = 0x5bd1e995;

export const combineHash = (h: number, x: number): number => mix32((Math.imul(h, 31) + x) | 0);
