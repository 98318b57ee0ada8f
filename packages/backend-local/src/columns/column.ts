import type { DataType } from "@datajax/core-ir";

/**
 * Typed arrays a column's values may live in.
 *
 * @example
 * ```ts
 * import type { ValueArray } from "@datajax/backend-local";
 *
 * const fares: ValueArray = Float64Array.from([9.5, 15, 22.25]);
 * ```
 */
export type ValueArray =
  | Int8Array | Int16Array | Int32Array | Uint8Array | Uint16Array | Uint32Array
  | Float32Array | Float64Array | BigInt64Array | BigUint64Array;

/**
 * The backend's view of one column of one batch: Arrow buffers re-based to row 0.
 * - numbers, date32: `values[i]`; int64/uint64/timestamp: BigInt64Array/BigUint64Array (read as
 *   two int32 words by kernels, never as BigInt in loops);
 * - bool: `values` is a bitmap (bit i = row i);
 * - utf8: `values` are the bytes, `offsets[i]..offsets[i+1]` the row's slice;
 * - dictionary utf8: `values` are Int32Array indices into `dictionary` (a plain utf8 column).
 * `validity` is a bitmap with bit i = row i valid; null when the column has no nulls.
 *
 * @example
 * ```ts
 * import { t } from "@datajax/core-ir";
 * import type { Column } from "@datajax/backend-local";
 *
 * // Three int32 rows, the second null (validity bits 0b101).
 * const ids: Column = { type: t.int32, length: 3, nullCount: 1, validity: Uint8Array.of(0b101), values: Int32Array.of(7, 0, 9), offsets: null, dictionary: null };
 * ```
 */
export interface Column {
  /** The column's DataJAX type. */
  readonly type: DataType;
  /** Rows in the column. */
  readonly length: number;
  /** How many rows are null. */
  readonly nullCount: number;
  /** Bit i set = row i holds a value; null when no row is null. */
  readonly validity: Uint8Array | null;
  /** The values (layout by type, see above). */
  readonly values: ValueArray;
  /** utf8 only: `offsets[i]..offsets[i+1]` is row i's byte slice of `values`; null otherwise. */
  readonly offsets: Int32Array | null;
  /** Dictionary utf8 only: the plain utf8 column `values` index into; null otherwise. */
  readonly dictionary: Column | null;
}

export function makeColumn(c: {
  type: DataType;
  length: number;
  values: ValueArray;
  validity?: Uint8Array | null;
  nullCount?: number;
  offsets?: Int32Array | null;
  dictionary?: Column | null;
}): Column {
  const validity = c.validity ?? null;
  const nullCount = validity === null ? 0 : c.nullCount ?? countNulls(validity, c.length);
  return {
    type: c.type,
    length: c.length,
    nullCount,
    validity: nullCount === 0 ? null : validity,
    values: c.values,
    offsets: c.offsets ?? null,
    dictionary: c.dictionary ?? null,
  };
}

/** Whether row `i` holds a value (not null). */
export function isValidAt(validity: Uint8Array | null, i: number): boolean {
  return validity === null || ((validity[i >> 3]! >> (i & 7)) & 1) === 1;
}

/**
 * The null rows among the first `length` of an Arrow validity bitmap (bit set = valid, LSB first),
 * counted a byte at a time; bits past `length` are ignored. Shared with the native backend.
 *
 * @example
 * ```ts
 * import { countNulls } from "@datajax/backend-local";
 *
 * countNulls(Uint8Array.of(0b101), 3); // 1: row 1 is null
 * ```
 */
export function countNulls(validity: Uint8Array, length: number): number {
  let valid = 0;
  const full = length >> 3;
  for (let b = 0; b < full; b++) valid += POPCOUNT[validity[b]!]!;
  for (let i = full << 3; i < length; i++) valid += (validity[i >> 3]! >> (i & 7)) & 1;
  return length - valid;
}

const POPCOUNT = new Uint8Array(256);
for (let i = 0; i < 256; i++) POPCOUNT[i] = (i & 1) + POPCOUNT[i >> 1]!;

export const bitmapBytes = (length: number): number => (length + 7) >> 3;

/** A column of `length` nulls of `type`. */
export function allNullColumn(type: DataType, length: number): Column {
  const validity = new Uint8Array(bitmapBytes(length));
  const storage = storageFor(type, length);
  return { type, length, nullCount: length, validity: length === 0 ? null : validity, ...storage, dictionary: null };
}

/** Zeroed value storage of the physical layout `type` uses (dictionary columns get plain utf8 storage). */
export function storageFor(type: DataType, length: number): { values: ValueArray; offsets: Int32Array | null } {
  switch (type.id) {
    case "bool": return { values: new Uint8Array(bitmapBytes(length)), offsets: null };
    case "utf8": return { values: new Uint8Array(0), offsets: new Int32Array(length + 1) };
    default: return { values: new (valueArrayConstructor(type))(length), offsets: null };
  }
}

type ValueArrayConstructor = new (length: number) => ValueArray;

/** The typed array holding values of a fixed-width type. */
export function valueArrayConstructor(type: DataType): ValueArrayConstructor {
  switch (type.id) {
    case "int8": return Int8Array;
    case "int16": return Int16Array;
    case "int32": case "date32": return Int32Array;
    case "int64": case "timestamp": return BigInt64Array;
    case "uint8": return Uint8Array;
    case "uint16": return Uint16Array;
    case "uint32": return Uint32Array;
    case "uint64": return BigUint64Array;
    case "float32": return Float32Array;
    case "float64": case "null": return Float64Array;
    case "bool": return Uint8Array;
    case "utf8": return Uint8Array;
  }
}

/** int64, uint64 and timestamps: 8-byte integers that kernels read as two int32 words. */
export const isWideType = (type: DataType): boolean => type.id === "int64" || type.id === "uint64" || type.id === "timestamp";

/** The int32 word view of a wide column's values (little-endian: word 2i is low, 2i+1 high). */
export function wordsOf(values: ValueArray): Int32Array {
  return new Int32Array(values.buffer, values.byteOffset, values.length * 2);
}
