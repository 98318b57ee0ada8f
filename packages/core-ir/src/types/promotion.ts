import { bitWidth, isFloat, isInteger, isSignedInteger, t, type DataType } from "./data-type.js";

/**
 * The common supertype of two numeric types, after Arrow/Polars: any float wins (float64 unless
 * both are float32 or a float32 meets an integer of ≤ 16 bits); integers widen to the larger
 * width, and signed with unsigned goes to the next signed width (uint64 with signed → float64).
 * A `null` type gives the other type. Returns undefined when the two are not both numeric.
 *
 * @example
 * ```ts
 * import { formatType, promoteNumeric, t } from "@datajax/core-ir";
 *
 * formatType(promoteNumeric(t.int32, t.uint32)!); // "int64"
 * formatType(promoteNumeric(t.float32, t.int8)!); // "float32"
 * promoteNumeric(t.int32, t.utf8()); // undefined
 * ```
 */
export function promoteNumeric(a: DataType, b: DataType): DataType | undefined {
  if (a.id === "null") return isInteger(b) || isFloat(b) ? b : undefined;
  if (b.id === "null") return isInteger(a) || isFloat(a) ? a : undefined;
  const af = isFloat(a);
  const bf = isFloat(b);
  if (af || bf) {
    if (af && bf) return a.id === "float32" && b.id === "float32" ? t.float32 : t.float64;
    const [f, i] = af ? [a, b] : [b, a];
    if (!isInteger(i)) return undefined;
    return f.id === "float32" && bitWidth(i) <= 16 ? t.float32 : t.float64;
  }
  if (!isInteger(a) || !isInteger(b)) return undefined;
  const as = isSignedInteger(a);
  const bs = isSignedInteger(b);
  const aw = bitWidth(a);
  const bw = bitWidth(b);
  if (as === bs) return aw >= bw ? a : b;
  const [s, u] = as ? [aw, bw] : [bw, aw];
  const width = Math.max(s, u * 2);
  if (width > 64) return t.float64;
  return intOfWidth(width, true);
}

/**
 * The integer type of `width` bits (8, 16, 32 or 64), signed or unsigned. Any other width is a
 * programming error (the result is then undefined at run time).
 *
 * @example
 * ```ts
 * import { formatType, intOfWidth } from "@datajax/core-ir";
 *
 * formatType(intOfWidth(16, false)); // "uint16"
 * formatType(intOfWidth(64, true)); // "int64"
 * ```
 */
export function intOfWidth(width: number, signed: boolean): DataType {
  const id = `${signed ? "int" : "uint"}${width}`;
  return (t as unknown as Record<string, DataType>)[id]!;
}
