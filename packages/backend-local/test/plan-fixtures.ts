import * as arrow from "apache-arrow";
import { Expr, fromArrowSchema, ScanNode, type DataType, type LiteralValue, type OpName, type PlanNode } from "@datajax/core-ir";
import { arrowTableSource, executePlanLocally } from "../src/index.js";

/** A Scan of argument slot 0 over `table`. */
export function scanOf(table: arrow.Table, name = "t", options: Parameters<typeof ScanNode.create>[2] = {}): ScanNode {
  return ScanNode.create({ kind: "argument", name, uri: `memory:${name}`, slot: 0 }, fromArrowSchema(table.schema), options);
}

export const col = (name: string) => Expr.column(name);
export const lit = (value: LiteralValue, type: DataType) => Expr.literal(value, type);
export const call = (op: OpName, ...args: Expr[]) => Expr.call(op, args);

/** Runs `plan` over the tables (slot i = tables[i]) and returns plain row objects (bigints as numbers). */
export async function run(plan: PlanNode, ...tables: arrow.Table[]): Promise<Record<string, unknown>[]> {
  const result = await executePlanLocally(plan, tables.map((t, i) => arrowTableSource(`t${i}`, t)));
  return rowsOf(result);
}

export function rowsOf(table: arrow.Table): Record<string, unknown>[] {
  const rows: Record<string, unknown>[] = [];
  for (const b of table.batches) {
    for (let i = 0; i < b.numRows; i++) {
      const row: Record<string, unknown> = {};
      for (const f of b.schema.fields) {
        const v = b.getChild(f.name)!.get(i);
        row[f.name] = typeof v === "bigint" ? Number(v) : v;
      }
      rows.push(row);
    }
  }
  return rows;
}

/** One column of the result. */
export async function column(plan: PlanNode, name: string, ...tables: arrow.Table[]): Promise<unknown[]> {
  return (await run(plan, ...tables)).map((r) => r[name]);
}

/** A table split into batches of `batchRows` rows (multi-batch inputs). */
export function inBatches(table: arrow.Table, batchRows: number): arrow.Table {
  const batches: arrow.RecordBatch[] = [];
  for (let s = 0; s < table.numRows; s += batchRows) batches.push(...table.slice(s, Math.min(table.numRows, s + batchRows)).batches);
  return new arrow.Table(table.schema, batches);
}
