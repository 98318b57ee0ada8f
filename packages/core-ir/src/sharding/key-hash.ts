/**
 * The one hash of key values, used for grouping, joins and hash partitioning, identical in every
 * backend (the native backend implements the same functions bit for bit):
 * - a number that is an int32 (ints, dates, and floats with an int32 value; -0 is 0): mix32(v);
 * - any other number (int64 beyond int32, floats): mix32(lo ^ mix32(hi)) over its float64 bits;
 * - utf8: mix32(FNV-1a over its bytes); null: NULL_HASH;
 * - a key tuple: h = hash(k0), then h = combineHash(h, hash(ki)) for each further key;
 * - a row's rank of `ranks`: partitionOf(h, ranks) = h mod ranks (h as an unsigned 32-bit integer).
 * mix32 is the murmur3 finalizer; it returns an unsigned 32-bit integer.
 *
 * @example
 * ```ts
 * import { combineHash, hashNumber, mix32, partitionOf } from "@datajax/core-ir";
 *
 * mix32(0); // 0
 * const h = combineHash(hashNumber(132), hashNumber(7)); // key tuple (PULocationID 132, hour 7)
 * partitionOf(h, 4); // the row's rank, in 0..3
 * ```
 */
export function mix32(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  return (h ^ (h >>> 16)) >>> 0;
}

const f64 = new Float64Array(1);
const u32 = new Uint32Array(f64.buffer);

/**
 * The hash of a numeric (or date) key value. Equal numbers hash equal whatever their type
 * (int32 3, int64 3 and float 3.0); -0 = 0. Convert int64 bigints with Number() first.
 *
 * @example
 * ```ts
 * import { hashNumber } from "@datajax/core-ir";
 *
 * hashNumber(3) === hashNumber(3.0); // true
 * hashNumber(-0) === hashNumber(0); // true
 * ```
 */
export function hashNumber(v: number): number {
  if ((v | 0) === v) return mix32(v);
  f64[0] = v;
  return mix32(u32[0]! ^ mix32(u32[1]!));
}

/**
 * The hash of a utf8 key value from its UTF-8 bytes `bytes[start..end)`: mix32 of their FNV-1a hash.
 *
 * @example
 * ```ts
 * import { hashBytes } from "@datajax/core-ir";
 *
 * const bytes = new TextEncoder().encode("JFK Airport");
 * const h = hashBytes(bytes, 0, 3); // the hash of "JFK"
 * ```
 */
export function hashBytes(bytes: Uint8Array, start: number, end: number): number {
  let h = 2166136261;
  for (let p = start; p < end; p++) h = Math.imul(h ^ bytes[p]!, 16777619);
  return mix32(h);
}

/**
 * The hash of a null key value (of any type).
 *
 * @example
 * ```ts
 * import { hashNumber, NULL_HASH } from "@datajax/core-ir";
 *
 * const hashKey = (v: number | null) => (v === null ? NULL_HASH : hashNumber(v));
 * ```
 */
export const NULL_HASH = 0x5bd1e995;

/**
 * Folds the hash `x` of a tuple's next key value into the running hash `h` of the keys before it.
 *
 * @example
 * ```ts
 * import { combineHash, hashNumber, NULL_HASH } from "@datajax/core-ir";
 *
 * const h = combineHash(hashNumber(132), NULL_HASH); // key tuple (132, null)
 * ```
 */
export const combineHash = (h: number, x: number): number => mix32((Math.imul(h, 31) + x) | 0);

/**
 * The rank (0..ranks-1) of a row whose key tuple hashes to `hash` (read as an unsigned 32-bit integer).
 *
 * @example
 * ```ts
 * import { hashNumber, partitionOf } from "@datajax/core-ir";
 *
 * const rank = partitionOf(hashNumber(132), 8); // 0..7, the same in every backend
 * ```
 */
export const partitionOf = (hash: number, ranks: number): number => (hash >>> 0) % ranks;
