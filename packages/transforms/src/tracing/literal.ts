import { Expr, formatType, isInteger, t, TypeMismatchError, type DataType, type LiteralExpr, type LiteralValue } from "@datajax/core-ir";

/**
 * A JavaScript value that can become a literal: primitives, bigint (int64) and Date (timestamp[ms]).
 *
 * @example
 * ```ts
 * import { lit, type LiteralInput } from "@datajax/transforms";
 * const values: LiteralInput[] = [42, 2.5, 9007199254740993n, "JFK", true, null, new Date("2024-01-01")];
 * const literals = values.map((v) => lit(v));
 * ```
 */
export type LiteralInput = LiteralValue | Date;

const INT32_MIN = -(2 ** 31);
const INT32_MAX = 2 ** 31 - 1;
const MS_PER_DAY = 86_400_000;

/**
 * The type a literal gets when none is given: integers in int32 range → int32, other numbers →
 * float64, bigint → int64, string → utf8, boolean → bool, null → null, Date → timestamp[ms].
 * Numeric literals then widen through the usual promotion (int32 + float64 → float64).
 * Throws TypeMismatchError for any other value (an object, a symbol, undefined).
 *
 * @example
 * ```ts
 * import { inferLiteralType } from "@datajax/transforms";
 * inferLiteralType(1);        // { id: "int32" }
 * inferLiteralType(2.5);      // { id: "float64" }
 * inferLiteralType(3n);       // { id: "int64" }
 * inferLiteralType(new Date()); // { id: "timestamp", unit: "ms", tz: null }
 * ```
 */
export function inferLiteralType(value: LiteralInput): DataType {
  if (value === null) return t.null;
  if (value instanceof Date) return t.timestamp("ms");
  switch (typeof value) {
    case "number":
      return Number.isInteger(value) && value >= INT32_MIN && value <= INT32_MAX ? t.int32 : t.float64;
    case "bigint":
      return t.int64;
    case "string":
      return t.utf8();
    case "boolean":
      return t.bool;
  }
  throw new TypeMismatchError("lit", `cannot make a literal of ${describe(value)}`, "Use a number, bigint, string, boolean, null or Date.");
}

/** A literal expression of `value`, typed `type` when given (checked against the value), else inferred. */
export function literalExpr(value: LiteralInput, type?: DataType): LiteralExpr {
  if (type === undefined) {
    const inferred = inferLiteralType(value);
    return Expr.literal(value instanceof Date ? value.getTime() : value, inferred);
  }
  return Expr.literal(convert(value, type), type);
}

function convert(value: LiteralInput, type: DataType): LiteralValue {
  const bad = (): never => {
    throw new TypeMismatchError("lit", `${describe(value)} is not a valid ${formatType(type)} value`, `Pass a value of that type, or let lit infer the type.`);
  };
  if (value === null) return null;
  if (value instanceof Date) {
    const ms = value.getTime();
    if (type.id === "date32") return Math.floor(ms / MS_PER_DAY);
    if (type.id !== "timestamp") return bad();
    switch (type.unit) {
      case "s": return Math.floor(ms / 1000);
      case "ms": return ms;
      case "us": return BigInt(ms) * 1000n;
      case "ns": return BigInt(ms) * 1_000_000n;
    }
  }
  switch (type.id) {
    case "null":
      return bad();
    case "bool":
      return typeof value === "boolean" ? value : bad();
    case "utf8":
      return typeof value === "string" ? value : bad();
    case "float32":
    case "float64":
      return typeof value === "number" ? value : typeof value === "bigint" ? Number(value) : bad();
    default:
      if (isInteger(type) || type.id === "date32" || type.id === "timestamp") {
        if (typeof value === "bigint") return value;
        if (typeof value === "number" && Number.isInteger(value)) return value;
      }
      return bad();
  }
}

function describe(value: unknown): string {
  if (typeof value === "string") return JSON.stringify(value);
  if (typeof value === "bigint") return `${value}n`;
  if (typeof value === "object" && value !== null) return `an object of type ${value.constructor?.name ?? "Object"}`;
  return String(value);
}
