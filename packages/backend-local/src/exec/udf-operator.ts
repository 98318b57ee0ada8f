import * as arrow from "apache-arrow";
import { toArrowType, type CustomUdfNode, type DataType, type PlanNode, type Schema } from "@datajax/core-ir";
import { columnFromArrowData } from "../columns/arrow-import.js";
import { columnToArrowData } from "../columns/arrow-export.js";
import { isValidAt, type Column } from "../columns/column.js";
import { columnBatch, type ColumnBatch } from "../columns/column-batch.js";
import { columnFromValues } from "../columns/column-from-values.js";
import { concatColumns } from "../columns/concat.js";
import { conformColumn } from "../columns/conform.js";
import { numbersOf } from "../columns/number-access.js";
import { decodeStrings } from "../columns/utf8-codec.js";
import { fromArrowType } from "@datajax/core-ir";
import { indent, type PhysicalOperator, type RunContext } from "./physical-operator.js";

/** Per-row JS values of a column (numbers, booleans, strings; null for nulls); row UDFs only. */
function jsValues(c: Column): unknown[] {
  const raw: ArrayLike<unknown> = c.type.id === "utf8" ? decodeStrings(c) : numbersOf(c);
  const out = new Array<unknown>(c.length);
  for (let i = 0; i < c.length; i++) out[i] = !isValidAt(c.validity, i) ? null : c.type.id === "bool" ? raw[i] === 1 : raw[i];
  return out;
}

/** A column from what a UDF returned: an Arrow vector, a typed array, or a JS array with nulls. */
function columnFromResult(value: ArrayLike<unknown> | arrow.Vector, type: DataType, length: number): Column {
  if (value instanceof arrow.Vector) {
    const parts = value.data.map((d) => columnFromArrowData(d, fromArrowType("udf output", d.type)));
    return conformColumn(parts.length === 1 ? parts[0]! : concatColumns(type, parts), type);
  }
  if (ArrayBuffer.isView(value) && !(value instanceof BigInt64Array) && !(value instanceof BigUint64Array) && type.id !== "utf8") {
    return columnFromValues(type, value as unknown as ArrayLike<number>, null, length);
  }
  const valid = new Uint8Array(length);
  const vals: (number | string)[] = new Array(length);
  for (let i = 0; i < length; i++) {
    const v = value[i];
    if (v === null || v === undefined) { vals[i] = type.id === "utf8" ? "" : 0; continue; }
    valid[i] = 1;
    vals[i] = typeof v === "string" ? v : typeof v === "bigint" ? Number(v) : typeof v === "boolean" ? (v ? 1 : 0) : (v as number);
  }
  return columnFromValues(type, vals as ArrayLike<number>, valid, length);
}

/** Runs a user function (from ExecutionContext.udfs) per batch (vectorized) or per row. */
export class UdfOperator implements PhysicalOperator {
  readonly schema: Schema;
  private readonly input: PhysicalOperator;
  constructor(private readonly node: CustomUdfNode, build: (n: PlanNode) => PhysicalOperator) {
    this.schema = node.schema;
    this.input = build(node.input);
  }

  async *run(ctx: RunContext): AsyncIterable<ColumnBatch> {
    const impl = ctx.execution.udfs.get(this.node.name);
    if (!impl) throw new Error(`backend-local: no implementation for UDF "${this.node.name}"; register it in ExecutionContext.udfs (known: ${[...ctx.execution.udfs.keys()].join(", ") || "none"}).`);
    const inSchema = this.node.input.schema;
    const readIdx = this.node.reads.map((r) => inSchema.fields.findIndex((f) => f.name === r));
    for await (const b of this.input.run(ctx)) {
      let outputs: Record<string, ArrayLike<unknown> | arrow.Vector>;
      let length = b.length;
      if (impl.mode === "vectorized") {
        const cols: Record<string, arrow.Vector> = {};
        this.node.reads.forEach((r, x) => {
          const f = inSchema.fields[readIdx[x]!]!;
          cols[r] = arrow.makeVector(columnToArrowData(conformColumn(b.columns[readIdx[x]!]!, f.type), toArrowType(f.type)));
        });
        outputs = impl.fn(cols, b.length);
        const lengths = Object.values(outputs).map((v) => v.length);
        if (lengths.length > 0) length = lengths[0]!;
        if (lengths.some((l) => l !== length)) throw new Error(`backend-local: UDF "${this.node.name}" returned columns of different lengths (${lengths.join(", ")}).`);
      } else {
        const values = readIdx.map((j) => jsValues(b.columns[j]!));
        const collected: Record<string, unknown[]> = Object.fromEntries(this.schema.fields.map((f) => [f.name, new Array<unknown>(b.length)]));
        for (let i = 0; i < b.length; i++) {
          const row: Record<string, unknown> = {};
          this.node.reads.forEach((r, x) => { row[r] = values[x]![i]; });
          const result = impl.fn(row);
          for (const f of this.schema.fields) collected[f.name]![i] = result[f.name];
        }
        outputs = collected;
      }
      const columns = this.schema.fields.map((f) => {
        const v = outputs[f.name];
        if (v !== undefined) return columnFromResult(v, f.type, length);
        const j = inSchema.fields.findIndex((g) => g.name === f.name);
        if (j < 0 || length !== b.length) throw new Error(`backend-local: UDF "${this.node.name}" returned no column "${f.name}" declared in its output schema.`);
        return b.columns[j]!;
      });
      yield columnBatch(this.schema, length, columns);
    }
  }

  describe(depth: number): string[] {
    return [`${indent(depth)}udf ${this.node.name} (${this.node.mode})`, ...this.input.describe(depth + 1)];
  }
}
