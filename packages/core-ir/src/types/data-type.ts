/**
 * The ids of the integer types, signed (`int8`..`int64`) and unsigned (`uint8`..`uint64`).
 *
 * @example
 * ```ts
 * import { t, type IntegerTypeId } from "@datajax/core-ir";
 *
 * const id: IntegerTypeId = "int32";
 * const type = t[id]; // { id: "int32" }
 * ```
 */
export type IntegerTypeId = "int8" | "int16" | "int32" | "int64" | "uint8" | "uint16" | "uint32" | "uint64";
/**
 * The ids of the floating-point types.
 *
 * @example
 * ```ts
 * import { t, type FloatTypeId } from "@datajax/core-ir";
 *
 * const id: FloatTypeId = "float64";
 * const type = t[id]; // { id: "float64" }
 * ```
 */
export type FloatTypeId = "float32" | "float64";
/**
 * The unit of a timestamp's integer value: seconds, milliseconds, microseconds or nanoseconds.
 *
 * @example
 * ```ts
 * import { t, type TimeUnit } from "@datajax/core-ir";
 *
 * const unit: TimeUnit = "ms";
 * const pickup = t.timestamp(unit, "UTC"); // timestamp[ms, UTC]
 * ```
 */
export type TimeUnit = "s" | "ms" | "us" | "ns";

/**
 * An Arrow logical type DataJAX computes with, tagged by `id`; build values with {@link t}.
 * Nullability is not part of the type: every column carries it on its Field.
 *
 * @example
 * ```ts
 * import { formatType, t, type DataType } from "@datajax/core-ir";
 *
 * const fare: DataType = t.float64;
 * const pickup: DataType = t.timestamp("us", "UTC");
 * formatType(pickup); // "timestamp[us, UTC]"
 * ```
 */
export type DataType =
  | {
      /** The all-null type. */
      readonly id: "null";
    }
  | {
      /** Booleans. */
      readonly id: "bool";
    }
  | {
      /** An integer type. */
      readonly id: IntegerTypeId;
    }
  | {
      /** A floating-point type. */
      readonly id: FloatTypeId;
    }
  | {
      /** UTF-8 strings. */
      readonly id: "utf8";
      /** Whether values are dictionary-encoded (same logical values either way). */
      readonly dictionary: boolean;
    }
  | {
      /** Days since the Unix epoch, as int32. */
      readonly id: "date32";
    }
  | {
      /** An instant as an integer count of `unit`s since the Unix epoch. */
      readonly id: "timestamp";
      /** Unit of the stored integer. */
      readonly unit: TimeUnit;
      /** IANA time zone name (e.g. `"UTC"`), or null for a zone-less (local) timestamp. */
      readonly tz: string | null;
    };

/**
 * The `id` of any DataType (`"int32"`, `"utf8"`, `"timestamp"`...).
 *
 * @example
 * ```ts
 * import { t, type TypeId } from "@datajax/core-ir";
 *
 * const id: TypeId = t.utf8(true).id; // "utf8"
 * ```
 */
export type TypeId = DataType["id"];

const INTEGER_IDS: ReadonlySet<string> = new Set(["int8", "int16", "int32", "int64", "uint8", "uint16", "uint32", "uint64"]);

/**
 * Constructors for every type; values are frozen and may be compared with `sameType`.
 * `utf8(dictionary = false)` and `timestamp(unit = "us", tz = null)` take parameters.
 *
 * @example
 * ```ts
 * import { field, schema, t } from "@datajax/core-ir";
 *
 * const trips = schema([
 *   field("PULocationID", t.int32, false),
 *   field("zone", t.utf8(true)),
 *   field("pickup", t.timestamp("us", "UTC")),
 * ]);
 * ```
 */
export const t = {
  /** The all-null type (of an untyped `null` literal). */
  null: Object.freeze({ id: "null" }) as DataType,
  /** Booleans. */
  bool: Object.freeze({ id: "bool" }) as DataType,
  /** Signed 8-bit integers. */
  int8: Object.freeze({ id: "int8" }) as DataType,
  /** Signed 16-bit integers. */
  int16: Object.freeze({ id: "int16" }) as DataType,
  /** Signed 32-bit integers. */
  int32: Object.freeze({ id: "int32" }) as DataType,
  /** Signed 64-bit integers (bigint values in Arrow JS). */
  int64: Object.freeze({ id: "int64" }) as DataType,
  /** Unsigned 8-bit integers. */
  uint8: Object.freeze({ id: "uint8" }) as DataType,
  /** Unsigned 16-bit integers. */
  uint16: Object.freeze({ id: "uint16" }) as DataType,
  /** Unsigned 32-bit integers. */
  uint32: Object.freeze({ id: "uint32" }) as DataType,
  /** Unsigned 64-bit integers (bigint values in Arrow JS). */
  uint64: Object.freeze({ id: "uint64" }) as DataType,
  /** 32-bit floats. */
  float32: Object.freeze({ id: "float32" }) as DataType,
  /** 64-bit floats. */
  float64: Object.freeze({ id: "float64" }) as DataType,
  /** Dates, as days since the Unix epoch. */
  date32: Object.freeze({ id: "date32" }) as DataType,
  /** UTF-8 strings, dictionary-encoded when `dictionary` is true. */
  utf8: (dictionary = false): DataType => Object.freeze({ id: "utf8", dictionary }),
  /** Timestamps in `unit` (default microseconds), in time zone `tz` (default none). */
  timestamp: (unit: TimeUnit = "us", tz: string | null = null): DataType => Object.freeze({ id: "timestamp", unit, tz }),
} as const;

/**
 * True for the eight integer types, signed and unsigned.
 *
 * @example
 * ```ts
 * import { isInteger, t } from "@datajax/core-ir";
 *
 * isInteger(t.uint8); // true
 * isInteger(t.float64); // false
 * ```
 */
export const isInteger = (d: DataType): boolean => INTEGER_IDS.has(d.id);
/**
 * True for the signed integer types `int8`..`int64`.
 *
 * @example
 * ```ts
 * import { isSignedInteger, t } from "@datajax/core-ir";
 *
 * isSignedInteger(t.int16); // true
 * isSignedInteger(t.uint16); // false
 * ```
 */
export const isSignedInteger = (d: DataType): boolean => isInteger(d) && d.id.startsWith("int");
/**
 * True for `float32` and `float64`.
 *
 * @example
 * ```ts
 * import { isFloat, t } from "@datajax/core-ir";
 *
 * isFloat(t.float32); // true
 * isFloat(t.int64); // false
 * ```
 */
export const isFloat = (d: DataType): boolean => d.id === "float32" || d.id === "float64";
/**
 * True for integer and float types (not bool, not dates or timestamps).
 *
 * @example
 * ```ts
 * import { isNumeric, t } from "@datajax/core-ir";
 *
 * isNumeric(t.uint32); // true
 * isNumeric(t.bool); // false
 * ```
 */
export const isNumeric = (d: DataType): boolean => isInteger(d) || isFloat(d);
/**
 * True for `date32` and timestamp types.
 *
 * @example
 * ```ts
 * import { isTemporal, t } from "@datajax/core-ir";
 *
 * isTemporal(t.timestamp("ms")); // true
 * isTemporal(t.int64); // false
 * ```
 */
export const isTemporal = (d: DataType): boolean => d.id === "date32" || d.id === "timestamp";
/**
 * True for utf8, dictionary-encoded or not.
 *
 * @example
 * ```ts
 * import { isString, t } from "@datajax/core-ir";
 *
 * isString(t.utf8(true)); // true
 * isString(t.int8); // false
 * ```
 */
export const isString = (d: DataType): boolean => d.id === "utf8";
/**
 * True for `int64` and `uint64`, whose values Arrow JS holds as bigint (BigInt64Array / BigUint64Array).
 *
 * @example
 * ```ts
 * import { isWideInteger, t } from "@datajax/core-ir";
 *
 * isWideInteger(t.int64); // true: read values as bigint
 * isWideInteger(t.int32); // false
 * ```
 */
export const isWideInteger = (d: DataType): boolean => d.id === "int64" || d.id === "uint64";

/**
 * Bit width of an integer or float type (`int16` gives 16). Only meaningful for those: it reads
 * the digits that end the id, so `utf8` gives 8 and `date32` 32, and ids without digits give 0.
 *
 * @example
 * ```ts
 * import { bitWidth, t } from "@datajax/core-ir";
 *
 * bitWidth(t.uint16); // 16
 * bitWidth(t.float64); // 64
 * ```
 */
export function bitWidth(d: DataType): number {
  const m = /(\d+)$/.exec(d.id);
  return m ? Number(m[1]) : 0;
}

/**
 * Exact type equality: the same id and, for utf8, the same dictionary flag; for timestamps, the
 * same unit and time zone.
 *
 * @example
 * ```ts
 * import { sameType, t } from "@datajax/core-ir";
 *
 * sameType(t.timestamp("us"), t.timestamp("us")); // true
 * sameType(t.timestamp("us"), t.timestamp("us", "UTC")); // false
 * sameType(t.utf8(true), t.utf8()); // false
 * ```
 */
export function sameType(a: DataType, b: DataType): boolean {
  if (a.id !== b.id) return false;
  if (a.id === "utf8" && b.id === "utf8") return a.dictionary === b.dictionary;
  if (a.id === "timestamp" && b.id === "timestamp") return a.unit === b.unit && a.tz === b.tz;
  return true;
}

/**
 * Same logical values: like sameType, but ignores utf8 dictionary encoding.
 *
 * @example
 * ```ts
 * import { sameLogicalType, t } from "@datajax/core-ir";
 *
 * sameLogicalType(t.utf8(true), t.utf8()); // true
 * sameLogicalType(t.int32, t.int64); // false
 * ```
 */
export function sameLogicalType(a: DataType, b: DataType): boolean {
  if (a.id === "utf8" && b.id === "utf8") return true;
  return sameType(a, b);
}

/**
 * A type as printed in schemas, plans and errors: `int32`, `utf8`, `dict<utf8>`, `timestamp[us]`,
 * `timestamp[us, UTC]`.
 *
 * @example
 * ```ts
 * import { formatType, t } from "@datajax/core-ir";
 *
 * formatType(t.utf8(true)); // "dict<utf8>"
 * formatType(t.timestamp("ms", "UTC")); // "timestamp[ms, UTC]"
 * ```
 */
export function formatType(d: DataType): string {
  if (d.id === "utf8") return d.dictionary ? "dict<utf8>" : "utf8";
  if (d.id === "timestamp") return d.tz ? `timestamp[${d.unit}, ${d.tz}]` : `timestamp[${d.unit}]`;
  return d.id;
}
