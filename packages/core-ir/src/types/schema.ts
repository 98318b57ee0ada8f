import { formatType, sameType, type DataType } from "./data-type.js";

/**
 * A named, typed column. `nullable: false` is a promise that no value is null.
 *
 * @example
 * ```ts
 * import { field, t, type Field } from "@datajax/core-ir";
 *
 * const fare: Field = field("fare_amount", t.float64);
 * fare.nullable; // true
 * ```
 */
export interface Field {
  /** Column name, unique within its schema. */
  readonly name: string;
  /** Logical type of the values. */
  readonly type: DataType;
  /** Whether the column may hold nulls; false promises that it holds none. */
  readonly nullable: boolean;
}

/**
 * An ordered list of uniquely named fields.
 *
 * @example
 * ```ts
 * import { field, formatSchema, schema, t, type Schema } from "@datajax/core-ir";
 *
 * const trips: Schema = schema([field("PULocationID", t.int32, false), field("fare_amount", t.float64)]);
 * formatSchema(trips); // "{PULocationID:int32, fare_amount:float64?}"
 * ```
 */
export interface Schema {
  /** The columns, in order. */
  readonly fields: readonly Field[];
}

/**
 * Builds a frozen Field; the column is nullable unless `nullable` is false.
 *
 * @example
 * ```ts
 * import { field, t } from "@datajax/core-ir";
 *
 * const id = field("PULocationID", t.int32, false);
 * const zone = field("zone", t.utf8()); // nullable
 * ```
 */
export const field = (name: string, type: DataType, nullable = true): Field => Object.freeze({ name, type, nullable });

/**
 * Builds a frozen schema from fields, in order. A duplicate column name is a programming error:
 * it throws a plain Error.
 *
 * @example
 * ```ts
 * import { field, schema, t } from "@datajax/core-ir";
 *
 * const trips = schema([field("PULocationID", t.int32, false), field("fare_amount", t.float64)]);
 * trips.fields.length; // 2
 * ```
 */
export function schema(fields: readonly Field[]): Schema {
  const seen = new Set<string>();
  for (const f of fields) {
    if (seen.has(f.name)) throw new Error(`schema: duplicate column name "${f.name}"`);
    seen.add(f.name);
  }
  return Object.freeze({ fields: Object.freeze([...fields]) });
}

/**
 * The field named `name` (case-sensitive), or undefined.
 *
 * @example
 * ```ts
 * import { field, findField, schema, t } from "@datajax/core-ir";
 *
 * const trips = schema([field("fare_amount", t.float64)]);
 * findField(trips, "fare_amount")?.type; // { id: "float64" }
 * findField(trips, "tip_amount"); // undefined
 * ```
 */
export function findField(s: Schema, name: string): Field | undefined {
  return s.fields.find((f) => f.name === name);
}

/**
 * The position of the field named `name`, or -1.
 *
 * @example
 * ```ts
 * import { field, fieldIndex, schema, t } from "@datajax/core-ir";
 *
 * const trips = schema([field("PULocationID", t.int32), field("fare_amount", t.float64)]);
 * fieldIndex(trips, "fare_amount"); // 1
 * fieldIndex(trips, "tip_amount"); // -1
 * ```
 */
export function fieldIndex(s: Schema, name: string): number {
  return s.fields.findIndex((f) => f.name === name);
}

/**
 * The column names, in order.
 *
 * @example
 * ```ts
 * import { columnNames, field, schema, t } from "@datajax/core-ir";
 *
 * columnNames(schema([field("PULocationID", t.int32), field("fare_amount", t.float64)])); // ["PULocationID", "fare_amount"]
 * ```
 */
export function columnNames(s: Schema): string[] {
  return s.fields.map((f) => f.name);
}

/**
 * A schema as printed in plans and errors: `{a:int32, b:utf8?}`, where a trailing `?` marks a
 * nullable column.
 *
 * @example
 * ```ts
 * import { field, formatSchema, schema, t } from "@datajax/core-ir";
 *
 * formatSchema(schema([field("a", t.int32, false), field("b", t.utf8())])); // "{a:int32, b:utf8?}"
 * ```
 */
export function formatSchema(s: Schema): string {
  return `{${s.fields.map((f) => `${f.name}:${formatType(f.type)}${f.nullable ? "?" : ""}`).join(", ")}}`;
}

/**
 * Whether two schemas have the same columns in the same order, with the same types (sameType)
 * and nullability.
 *
 * @example
 * ```ts
 * import { field, sameSchema, schema, t } from "@datajax/core-ir";
 *
 * const a = schema([field("x", t.int32)]);
 * sameSchema(a, schema([field("x", t.int32)])); // true
 * sameSchema(a, schema([field("x", t.int32, false)])); // false
 * ```
 */
export function sameSchema(a: Schema, b: Schema): boolean {
  return (
    a.fields.length === b.fields.length &&
    a.fields.every((f, i) => {
      const g = b.fields[i]!;
      return f.name === g.name && f.nullable === g.nullable && sameType(f.type, g.type);
    })
  );
}
