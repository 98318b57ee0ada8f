import { type Data, type Field, Type } from "apache-arrow";
import { UnsupportedNativeTypeError } from "../errors/unsupported-native-type-error.js";
import type { NativeKeyColumn, NativeKeyType } from "../native.js";

const keyTypeOfArray = new Map<unknown, NativeKeyType>([
  [Int8Array, "int8"],
  [Int16Array, "int16"],
  [Int32Array, "int32"],
  [BigInt64Array, "int64"],
  [Uint8Array, "uint8"],
  [Uint16Array, "uint16"],
  [Uint32Array, "uint32"],
  [BigUint64Array, "uint64"],
  [Float32Array, "float32"],
  [Float64Array, "float64"],
]);

const numericTypes = new Set<Type>([Type.Int, Type.Float, Type.Date, Type.Time, Type.Timestamp, Type.Duration]);

/**
 * The native hash's view of one Arrow column (no copy): ints, floats (not float16), dates, times,
 * timestamps and durations by their values array, bool, utf8 and null. Throws
 * UnsupportedNativeTypeError for other types (dictionaries included: decode them first).
 *
 * @example
 * ```ts
 * import { keyColumnOf } from "@datajax/backend-spmd-native";
 * import { tableFromArrays } from "apache-arrow";
 *
 * const t = tableFromArrays({ id: Int32Array.of(1, 2) });
 * keyColumnOf(t.schema.fields[0]!, t.getChild("id")!.data[0]!).type; // "int32"
 * ```
 */
export function keyColumnOf(field: Field, data: Data): NativeKeyColumn {
  const validity = data.nullCount > 0 ? (data.nullBitmap as Uint8Array) : null;
  const bitOffset = data.offset;
  const typeId = field.type.typeId;
  if (typeId === Type.Null) return { type: "null" };
  if (typeId === Type.Bool) return { type: "bool", values: data.values as Uint8Array, validity, bitOffset };
  if (typeId === Type.Utf8) return { type: "utf8", values: data.values as Uint8Array, offsets: data.valueOffsets as Int32Array, validity, bitOffset };
  const type = numericTypes.has(typeId) && data.stride === 1 ? keyTypeOfArray.get(data.values?.constructor) : undefined;
  // float16 is stored as Uint16Array: its bits are not its value, so it is not hashable here.
  if (type === undefined || (typeId === Type.Float && type === "uint16"))
    throw new UnsupportedNativeTypeError("hashPartition", field.name, String(field.type));
  return { type, values: data.values as ArrayBufferView, validity, bitOffset };
}
