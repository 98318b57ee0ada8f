// Shared by the kernels-*.test.ts files: seeded random columns (nulls, NaN, -0, extremes), the
// Arrow table holding them, local-backend execution of a plan over it, and row comparison.
import * as arrow from "apache-arrow";
import { executePlanLocally } from "@datajax/backend-local";
import { field, fromArrowType, ScanNode, schema as makeSchema, type DataType, type PlanNode, type Schema } from "@datajax/core-ir";
import { tableSource } from "@datajax/runtime";
import { expect } from "vitest";
import { arrowDataOf, nativeColumnFromArrow, type NativeColumn } from "../src/kernels/native-column.js";
import { allocateValues, physTypeOf } from "../src/kernels/physical-type.js";

/** mulberry32: a small seeded generator, so failures reproduce. */
export function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let x = Math.imul(a ^ (a >>> 15), 1 | a);
    x = (x + Math.imul(x ^ (x >>> 7), 61 | x)) ^ x;
    return ((x ^ (x >>> 14)) >>> 0) / 4294967296;
  };
}

/** How to draw one column's values: a generator of numbers/bigints and a null rate. */
export interface ColumnSpec {
  readonly name: string;
  readonly type: DataType;
  readonly draw: (r: () => number, i: number) => number | bigint | boolean;
  readonly nullRate?: number;
}

/** A native column of `spec` with `rows` rows drawn from `r`. */
export function makeColumn(spec: ColumnSpec, rows: number, r: () => number): NativeColumn {
  const phys = physTypeOf(spec.type)!;
  const values = allocateValues(phys, rows);
  const validity = new Uint8Array((rows + 7) >> 3);
  let nulls = 0;
  for (let i = 0; i < rows; i++) {
    const isNull = (spec.nullRate ?? 0) > 0 && r() < spec.nullRate!;
    const v = spec.draw(r, i);
    if (isNull) nulls++;
    else validity[i >> 3]! |= 1 << (i & 7);
    if (spec.type.id === "bool") {
      if (v) values[i >> 3] = (values[i >> 3] as number) | (1 << (i & 7));
    } else if (values instanceof BigInt64Array || values instanceof BigUint64Array) {
      values[i] = typeof v === "bigint" ? v : BigInt(Math.trunc(Number(v)));
    } else {
      (values as Float64Array)[i] = Number(v);
    }
  }
  return { type: spec.type, length: rows, values, validity: nulls > 0 ? validity : null };
}

/** Columns of `specs`, their schema and an Arrow table of them. */
export function makeBatch(specs: readonly ColumnSpec[], rows: number, seed: number): { columns: NativeColumn[]; schema: Schema; table: arrow.Table } {
  const r = random(seed);
  const columns = specs.map((s) => makeColumn(s, rows, r));
  const schema = makeSchema(specs.map((s) => field(s.name, s.type, true)));
  const vectors: Record<string, arrow.Vector> = {};
  specs.forEach((s, k) => {
    vectors[s.name] = arrow.makeVector(arrowDataOf(columns[k]!));
  });
  return { columns, schema, table: new arrow.Table(vectors) };
}

/** Runs `build(scan)` on the local backend over `table`. */
export async function runLocally(table: arrow.Table, schema: Schema, build: (scan: PlanNode) => PlanNode): Promise<arrow.Table> {
  const scan = ScanNode.create({ kind: "argument", name: "t", uri: "arg:0", slot: 0 }, schema);
  return executePlanLocally(build(scan), [tableSource(table, "t")]);
}

/** The native columns of a local result (chunks concatenated), for comparing with the kernels' output. */
export function columnsOf(table: arrow.Table): NativeColumn[] {
  return table.schema.fields.map((f, k) => {
    const type = fromArrowType(f.name, f.type);
    const parts = table.getChildAt(k)!.data.map((d) => nativeColumnFromArrow(d, type, f.name));
    return parts.length === 1 ? parts[0]! : concatColumns(type, parts);
  });
}

function concatColumns(type: DataType, parts: readonly NativeColumn[]): NativeColumn {
  const n = parts.reduce((s, p) => s + p.length, 0);
  const out = allocateValues(physTypeOf(type)!, n);
  const validity = new Uint8Array((n + 7) >> 3);
  let at = 0;
  for (const p of parts) {
    for (let i = 0; i < p.length; i++) {
      const j = at + i;
      if (p.validity === null || (p.validity[i >> 3]! >> (i & 7)) & 1) validity[j >> 3]! |= 1 << (j & 7);
      if (type.id === "bool") {
        if (((p.values[i >> 3] as number) >> (i & 7)) & 1) out[j >> 3] = (out[j >> 3] as number) | (1 << (j & 7));
      }
    }
    if (type.id !== "bool") (out as Float64Array).set((p.values as Float64Array).subarray(0, p.length), at);
    at += p.length;
  }
  return { type, length: n, values: out, validity };
}

/** Row i of a native column as a plain value: null, boolean, or number (bigints converted). */
export function valueAt(c: NativeColumn, i: number): number | boolean | null {
  if (c.validity !== null && ((c.validity[i >> 3]! >> (i & 7)) & 1) === 0) return null;
  if (c.type.id === "bool") return ((c.values[i >> 3] as number) >> (i & 7)) % 2 === 1;
  const v = c.values[i]!;
  return typeof v === "bigint" ? Number(v) : v;
}

/** Equal as DESIGN's backends must agree: nulls equal, NaN equals NaN, floats within 1e-9 relative. */
export function sameValue(a: number | boolean | null, b: number | boolean | null): boolean {
  if (a === null || b === null) return a === b;
  if (typeof a === "boolean" || typeof b === "boolean") return a === b;
  if (Number.isNaN(a) || Number.isNaN(b)) return Number.isNaN(a) && Number.isNaN(b);
  if (a === b) return true;
  return Math.abs(a - b) <= 1e-9 * Math.max(Math.abs(a), Math.abs(b));
}

/** Asserts two columns hold the same rows; the message names the column and the first differing row. */
export function expectSameColumn(name: string, actual: NativeColumn, expected: NativeColumn): void {
  expect(actual.length, `${name}: row count`).toBe(expected.length);
  for (let i = 0; i < expected.length; i++) {
    const a = valueAt(actual, i);
    const e = valueAt(expected, i);
    if (!sameValue(a, e)) expect.fail(`${name}: row ${i} is ${a}, the local backend gives ${e}`);
  }
}
