import { formatType, sameType, type DataType } from "./data-type.js";

/** A named, typed column. `nullable: false` is a promise that no value is null. */
export interface Field {
  readonly name: string;
  readonly type: DataType;
  readonly nullable: boolean;
}

/** An ordered list of uniquely named fields. */
export interface Schema {
  readonly fields: readonly Field[];
}

export const field = (name: string, type: DataType, nullable = true): Field => Object.freeze({ name, type, nullable });

/** Builds a schema; duplicate names are a programming error. */
export function schema(fields: readonly Field[]): Schema {
  const seen = new Set<string>();
  for (const f of fields) {
    if (seen.has(f.name)) throw new Error(`schema: duplicate column name "${f.name}"`);
    seen.add(f.name);
  }
  return Object.freeze({ fields: Object.freeze([...fields]) });
}

export function findField(s: Schema, name: string): Field | undefined {
  return s.fields.find((f) => f.name === name);
}

export function fieldIndex(s: Schema, name: string): number {
  return s.fields.findIndex((f) => f.name === name);
}

export function columnNames(s: Schema): string[] {
  return s.fields.map((f) => f.name);
}

/** `{a:int32, b:utf8?}` — a trailing `?` marks a nullable column. */
export function formatSchema(s: Schema): string {
  return `{${s.fields.map((f) => `${f.name}:${formatType(f.type)}${f.nullable ? "?" : ""}`).join(", ")}}`;
}

export function sameSchema(a: Schema, b: Schema): boolean {
  return (
    a.fields.length === b.fields.length &&
    a.fields.every((f, i) => {
      const g = b.fields[i]!;
      return f.name === g.name && f.nullable === g.nullable && sameType(f.type, g.type);
    })
  );
}
