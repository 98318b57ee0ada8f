/** Arrow logical types DataJAX computes with. Every column also carries nullability (see Field). */
export type IntegerTypeId = "int8" | "int16" | "int32" | "int64" | "uint8" | "uint16" | "uint32" | "uint64";
export type FloatTypeId = "float32" | "float64";
export type TimeUnit = "s" | "ms" | "us" | "ns";

export type DataType =
  | { readonly id: "null" }
  | { readonly id: "bool" }
  | { readonly id: IntegerTypeId }
  | { readonly id: FloatTypeId }
  | { readonly id: "utf8"; readonly dictionary: boolean }
  | { readonly id: "date32" }
  | { readonly id: "timestamp"; readonly unit: TimeUnit; readonly tz: string | null };

export type TypeId = DataType["id"];

const INTEGER_IDS: ReadonlySet<string> = new Set(["int8", "int16", "int32", "int64", "uint8", "uint16", "uint32", "uint64"]);

/** Constructors for every type; values are frozen and may be compared with `sameType`. */
export const t = {
  null: Object.freeze({ id: "null" }) as DataType,
  bool: Object.freeze({ id: "bool" }) as DataType,
  int8: Object.freeze({ id: "int8" }) as DataType,
  int16: Object.freeze({ id: "int16" }) as DataType,
  int32: Object.freeze({ id: "int32" }) as DataType,
  int64: Object.freeze({ id: "int64" }) as DataType,
  uint8: Object.freeze({ id: "uint8" }) as DataType,
  uint16: Object.freeze({ id: "uint16" }) as DataType,
  uint32: Object.freeze({ id: "uint32" }) as DataType,
  uint64: Object.freeze({ id: "uint64" }) as DataType,
  float32: Object.freeze({ id: "float32" }) as DataType,
  float64: Object.freeze({ id: "float64" }) as DataType,
  date32: Object.freeze({ id: "date32" }) as DataType,
  utf8: (dictionary = false): DataType => Object.freeze({ id: "utf8", dictionary }),
  timestamp: (unit: TimeUnit = "us", tz: string | null = null): DataType => Object.freeze({ id: "timestamp", unit, tz }),
} as const;

export const isInteger = (d: DataType): boolean => INTEGER_IDS.has(d.id);
export const isSignedInteger = (d: DataType): boolean => isInteger(d) && d.id.startsWith("int");
export const isFloat = (d: DataType): boolean => d.id === "float32" || d.id === "float64";
export const isNumeric = (d: DataType): boolean => isInteger(d) || isFloat(d);
export const isTemporal = (d: DataType): boolean => d.id === "date32" || d.id === "timestamp";
export const isString = (d: DataType): boolean => d.id === "utf8";
/** 64-bit integer types are held as BigInt64Array / BigUint64Array in Arrow JS. */
export const isWideInteger = (d: DataType): boolean => d.id === "int64" || d.id === "uint64";

/** Bit width of an integer or float type. */
export function bitWidth(d: DataType): number {
  const m = /(\d+)$/.exec(d.id);
  return m ? Number(m[1]) : 0;
}

export function sameType(a: DataType, b: DataType): boolean {
  if (a.id !== b.id) return false;
  if (a.id === "utf8" && b.id === "utf8") return a.dictionary === b.dictionary;
  if (a.id === "timestamp" && b.id === "timestamp") return a.unit === b.unit && a.tz === b.tz;
  return true;
}

/** Same logical values (ignores utf8 dictionary encoding). */
export function sameLogicalType(a: DataType, b: DataType): boolean {
  if (a.id === "utf8" && b.id === "utf8") return true;
  return sameType(a, b);
}

/** `int32`, `utf8`, `dict<utf8>`, `timestamp[us]`, `timestamp[us, UTC]`. */
export function formatType(d: DataType): string {
  if (d.id === "utf8") return d.dictionary ? "dict<utf8>" : "utf8";
  if (d.id === "timestamp") return d.tz ? `timestamp[${d.unit}, ${d.tz}]` : `timestamp[${d.unit}]`;
  return d.id;
}
