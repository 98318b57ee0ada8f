import * as arrow from "apache-arrow";
import { DataJaxError } from "../errors/datajax-error.js";
import { t, type DataType, type TimeUnit } from "./data-type.js";
import { field, schema as makeSchema, type Schema } from "./schema.js";

/**
 * An Arrow type DataJAX does not compute with (lists, structs, decimals...), found by
 * fromArrowType or fromArrowSchema. Code `DJX_UNSUPPORTED_TYPE`; the message names the column.
 *
 * @example
 * ```ts
 * import * as arrow from "apache-arrow";
 * import { fromArrowSchema, UnsupportedArrowTypeError } from "@datajax/core-ir";
 *
 * const tags = new arrow.Schema([new arrow.Field("tags", new arrow.List(new arrow.Field("item", new arrow.Utf8())))]);
 * try {
 *   fromArrowSchema(tags);
 * } catch (err) {
 *   if (err instanceof UnsupportedArrowTypeError) console.error(err.code, err.message); // "DJX_UNSUPPORTED_TYPE"
 * }
 * ```
 */
export class UnsupportedArrowTypeError extends DataJaxError {
  constructor(column: string, type: string) {
    super("DJX_UNSUPPORTED_TYPE", `column "${column}" has Arrow type ${type}, which DataJAX does not support yet. Drop it with the reader's columns option or cast it before loading.`);
  }
}

const UNIT_FROM_ARROW: Record<number, TimeUnit> = {
  [arrow.TimeUnit.SECOND]: "s",
  [arrow.TimeUnit.MILLISECOND]: "ms",
  [arrow.TimeUnit.MICROSECOND]: "us",
  [arrow.TimeUnit.NANOSECOND]: "ns",
};
const UNIT_TO_ARROW: Record<TimeUnit, arrow.TimeUnit> = {
  s: arrow.TimeUnit.SECOND,
  ms: arrow.TimeUnit.MILLISECOND,
  us: arrow.TimeUnit.MICROSECOND,
  ns: arrow.TimeUnit.NANOSECOND,
};

/**
 * The DataJAX type of an Arrow type (`column` names the column in errors). Utf8 and LargeUtf8 map
 * to `utf8`, a dictionary of strings to `utf8(true)`, DateDay to `date32`. Throws
 * UnsupportedArrowTypeError for any other type (lists, structs, decimals, float16, DateMillisecond...).
 *
 * @example
 * ```ts
 * import * as arrow from "apache-arrow";
 * import { formatType, fromArrowType } from "@datajax/core-ir";
 *
 * formatType(fromArrowType("fare_amount", new arrow.Float64())); // "float64"
 * formatType(fromArrowType("zone", new arrow.Dictionary(new arrow.Utf8(), new arrow.Int32()))); // "dict<utf8>"
 * ```
 */
export function fromArrowType(column: string, a: arrow.DataType): DataType {
  if (arrow.DataType.isNull(a)) return t.null;
  if (arrow.DataType.isBool(a)) return t.bool;
  if (arrow.DataType.isInt(a)) {
    const id = `${a.isSigned ? "int" : "uint"}${a.bitWidth}`;
    return (t as unknown as Record<string, DataType>)[id]!;
  }
  if (arrow.DataType.isFloat(a)) {
    if (a.precision === arrow.Precision.DOUBLE) return t.float64;
    if (a.precision === arrow.Precision.SINGLE) return t.float32;
  }
  if (arrow.DataType.isUtf8(a) || arrow.DataType.isLargeUtf8(a)) return t.utf8(false);
  if (arrow.DataType.isDictionary(a) && (arrow.DataType.isUtf8(a.dictionary) || arrow.DataType.isLargeUtf8(a.dictionary))) return t.utf8(true);
  if (arrow.DataType.isDate(a)) {
    if (a.unit === arrow.DateUnit.DAY) return t.date32;
  }
  if (arrow.DataType.isTimestamp(a)) return t.timestamp(UNIT_FROM_ARROW[a.unit]!, a.timezone ?? null);
  throw new UnsupportedArrowTypeError(column, String(a));
}

/**
 * The Arrow type that holds a DataJAX type: dictionary utf8 becomes Dictionary<Utf8, Int32>,
 * `date32` DateDay, timestamps keep their unit and time zone.
 *
 * @example
 * ```ts
 * import { t, toArrowType } from "@datajax/core-ir";
 *
 * String(toArrowType(t.int64)); // "Int64"
 * const pickup = toArrowType(t.timestamp("ms", "UTC")); // arrow.Timestamp, unit MILLISECOND, timezone "UTC"
 * ```
 */
export function toArrowType(d: DataType): arrow.DataType {
  switch (d.id) {
    case "null": return new arrow.Null();
    case "bool": return new arrow.Bool();
    case "int8": return new arrow.Int8();
    case "int16": return new arrow.Int16();
    case "int32": return new arrow.Int32();
    case "int64": return new arrow.Int64();
    case "uint8": return new arrow.Uint8();
    case "uint16": return new arrow.Uint16();
    case "uint32": return new arrow.Uint32();
    case "uint64": return new arrow.Uint64();
    case "float32": return new arrow.Float32();
    case "float64": return new arrow.Float64();
    case "utf8": return d.dictionary ? new arrow.Dictionary(new arrow.Utf8(), new arrow.Int32()) : new arrow.Utf8();
    case "date32": return new arrow.DateDay();
    case "timestamp": return new arrow.Timestamp(UNIT_TO_ARROW[d.unit], d.tz);
  }
}

/**
 * The schema of an Arrow schema, field by field (names, order and nullability kept). Throws
 * UnsupportedArrowTypeError for the first column of an unsupported type.
 *
 * @example
 * ```ts
 * import { tableFromArrays } from "apache-arrow";
 * import { formatSchema, fromArrowSchema } from "@datajax/core-ir";
 *
 * const table = tableFromArrays({ fare_amount: Float64Array.from([7.5, 12]) });
 * formatSchema(fromArrowSchema(table.schema)); // "{fare_amount:float64}": a typed array has no nulls
 * ```
 */
export function fromArrowSchema(s: arrow.Schema): Schema {
  return makeSchema(s.fields.map((f) => field(f.name, fromArrowType(f.name, f.type), f.nullable)));
}

/**
 * The Arrow schema of a DataJAX schema (for building tables and writing files); the inverse of
 * fromArrowSchema.
 *
 * @example
 * ```ts
 * import { field, schema, t, toArrowSchema } from "@datajax/core-ir";
 *
 * const arrowSchema = toArrowSchema(schema([field("PULocationID", t.int32, false)]));
 * arrowSchema.fields[0]!.nullable; // false
 * ```
 */
export function toArrowSchema(s: Schema): arrow.Schema {
  return new arrow.Schema(s.fields.map((f) => new arrow.Field(f.name, toArrowType(f.type), f.nullable)));
}
