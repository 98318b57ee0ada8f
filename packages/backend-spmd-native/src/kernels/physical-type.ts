import type { DataType } from "@datajax/core-ir";

/**
 * How the native kernels lay out values (native/src/kernels_common.h, same numbering): date32 is
 * Int32, timestamps Int64, bool a bitmap in columns (one byte per row inside kernels).
 *
 * @example
 * ```ts
 * import { PhysType } from "@datajax/backend-spmd-native";
 *
 * PhysType.Float64; // 10
 * ```
 */
export const PhysType = {
  Bool: 0,
  Int8: 1,
  Int16: 2,
  Int32: 3,
  Int64: 4,
  Uint8: 5,
  Uint16: 6,
  Uint32: 7,
  Uint64: 8,
  Float32: 9,
  Float64: 10,
} as const;

/**
 * A physical type code (0..10).
 *
 * @example
 * ```ts
 * import { PhysType, type PhysTypeCode } from "@datajax/backend-spmd-native";
 *
 * const code: PhysTypeCode = PhysType.Int32;
 * ```
 */
export type PhysTypeCode = (typeof PhysType)[keyof typeof PhysType];

const CODES: Partial<Record<DataType["id"], PhysTypeCode>> = {
  bool: PhysType.Bool,
  int8: PhysType.Int8,
  int16: PhysType.Int16,
  int32: PhysType.Int32,
  int64: PhysType.Int64,
  uint8: PhysType.Uint8,
  uint16: PhysType.Uint16,
  uint32: PhysType.Uint32,
  uint64: PhysType.Uint64,
  float32: PhysType.Float32,
  float64: PhysType.Float64,
  date32: PhysType.Int32,
  timestamp: PhysType.Int64,
};

/**
 * The physical type of a DataJAX type, or undefined for types the kernels do not take (utf8, null).
 *
 * @example
 * ```ts
 * import { t } from "@datajax/core-ir";
 * import { physTypeOf } from "@datajax/backend-spmd-native";
 *
 * physTypeOf(t.timestamp("us")); // 4 (Int64)
 * physTypeOf(t.utf8()); // undefined
 * ```
 */
export function physTypeOf(type: DataType): PhysTypeCode | undefined {
  return CODES[type.id];
}

/**
 * Typed arrays a numeric, temporal or bool (bitmap) column's values live in.
 *
 * @example
 * ```ts
 * import { allocateValues, PhysType, type NumericValues } from "@datajax/backend-spmd-native";
 *
 * const fares: NumericValues = allocateValues(PhysType.Float64, 3); // Float64Array(3)
 * const ids: NumericValues = Int32Array.of(132, 7);
 * ```
 */
export type NumericValues =
  | Int8Array | Int16Array | Int32Array | BigInt64Array
  | Uint8Array | Uint16Array | Uint32Array | BigUint64Array
  | Float32Array | Float64Array;

type ValuesConstructor = new (length: number) => NumericValues;

const CONSTRUCTORS: readonly ValuesConstructor[] = [
  Uint8Array, Int8Array, Int16Array, Int32Array, BigInt64Array, Uint8Array, Uint16Array, Uint32Array, BigUint64Array, Float32Array, Float64Array,
];

/**
 * Zeroed storage for `rows` values of a physical type (bool: a bitmap of `(rows + 7) >> 3` bytes).
 *
 * @example
 * ```ts
 * import { allocateValues, PhysType } from "@datajax/backend-spmd-native";
 *
 * allocateValues(PhysType.Int64, 3); // BigInt64Array(3)
 * ```
 */
export function allocateValues(type: PhysTypeCode, rows: number): NumericValues {
  return new CONSTRUCTORS[type]!(type === PhysType.Bool ? (rows + 7) >> 3 : rows);
}
