import * as arrow from "apache-arrow";
import { formatType, toArrowType, type DataType } from "@datajax/core-ir";
import { countNulls } from "@datajax/backend-local";
import { UnsupportedNativeTypeError } from "../errors/unsupported-native-type-error.js";
import { PhysType, physTypeOf, type NumericValues, type PhysTypeCode } from "./physical-type.js";

/**
 * A column as the kernels read it: `values` from row 0 (bool: a bitmap from bit 0), `validity` an
 * Arrow bitmap from bit 0 (bit set = value present) or null when no row is null.
 *
 * @example
 * ```ts
 * import { t } from "@datajax/core-ir";
 * import type { NativeColumn } from "@datajax/backend-spmd-native";
 *
 * const fares: NativeColumn = { type: t.float64, length: 2, values: Float64Array.of(9.5, 12), validity: null };
 * ```
 */
export interface NativeColumn {
  /** The column's DataJAX type (numeric, bool, date32 or timestamp). */
  readonly type: DataType;
  /** Rows in the column. */
  readonly length: number;
  /** The values (layout by physical type). */
  readonly values: NumericValues;
  /** Validity bitmap, or null when every row holds a value. */
  readonly validity: Uint8Array | null;
}

/**
 * The physical type of a kernel column of `type`; throws UnsupportedNativeTypeError naming
 * `where` and column `name` for types the kernels do not take (utf8, null, nested).
 *
 * @example
 * ```ts
 * import { t } from "@datajax/core-ir";
 * import { physTypeOfColumn, UnsupportedNativeTypeError } from "@datajax/backend-spmd-native";
 *
 * physTypeOfColumn("my kernel", "fare", t.float64); // 10 (PhysType.Float64)
 * try { physTypeOfColumn("my kernel", "zone", t.utf8()); } catch (err) { if (err instanceof UnsupportedNativeTypeError) console.error(err.code); } // DJX_NATIVE_UNSUPPORTED_TYPE
 * ```
 */
export function physTypeOfColumn(where: string, name: string, type: DataType): PhysTypeCode {
  const code = physTypeOf(type);
  if (code === undefined) throw new UnsupportedNativeTypeError(where, name, formatType(type));
  return code;
}

/** Bits [bitOffset, bitOffset + length) of a bitmap from bit 0 (a view when byte-aligned). */
function rebaseBits(bits: Uint8Array, bitOffset: number, length: number): Uint8Array {
  const bytes = (length + 7) >> 3;
  if ((bitOffset & 7) === 0) return bits.subarray(bitOffset >> 3, (bitOffset >> 3) + bytes);
  const out = new Uint8Array(bytes);
  for (let i = 0; i < length; i++) {
    const j = bitOffset + i;
    if ((bits[j >> 3]! >> (j & 7)) & 1) out[i >> 3]! |= 1 << (i & 7);
  }
  return out;
}

/**
 * The kernels' view of one Arrow array of `type` (no copy unless a bitmap starts mid-byte).
 * Throws UnsupportedNativeTypeError for utf8, dictionaries and other types the kernels do not take.
 *
 * @example
 * ```ts
 * import { t } from "@datajax/core-ir";
 * import { tableFromArrays } from "apache-arrow";
 * import { nativeColumnFromArrow } from "@datajax/backend-spmd-native";
 *
 * const table = tableFromArrays({ fare: Float64Array.of(9.5, 12) });
 * nativeColumnFromArrow(table.getChild("fare")!.data[0]!, t.float64).length; // 2
 * ```
 */
export function nativeColumnFromArrow(data: arrow.Data, type: DataType, name = "column"): NativeColumn {
  const code = physTypeOfColumn("native kernels", name, type);
  if (arrow.DataType.isDictionary(data.type)) throw new UnsupportedNativeTypeError("native kernels", name, "dictionary");
  const { offset, length } = data;
  const validity = data.nullCount > 0 && data.nullBitmap && data.nullBitmap.length > 0 ? rebaseBits(data.nullBitmap, offset, length) : null;
  const values = code === PhysType.Bool ? rebaseBits(data.values as Uint8Array, offset, length) : (data.values as NumericValues);
  return { type, length, values, validity };
}

/**
 * An Arrow array of a kernel column (no copy).
 *
 * @example
 * ```ts
 * import { t } from "@datajax/core-ir";
 * import { arrowDataOf } from "@datajax/backend-spmd-native";
 *
 * arrowDataOf({ type: t.int32, length: 1, values: Int32Array.of(7), validity: null }).length; // 1
 * ```
 */
export function arrowDataOf(c: NativeColumn): arrow.Data {
  const type = toArrowType(c.type);
  const nullCount = c.validity === null ? 0 : countNulls(c.validity, c.length);
  return arrow.makeData({ type, length: c.length, nullCount, nullBitmap: nullCount > 0 ? c.validity : null, data: c.values } as never);
}
