import { realpathSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import type { PlanNode, StageGraph } from "@datajax/core-ir";
import type { RandomTable } from "./random-plans.js";

/**
 * The local reference backend, loaded from its sources in the workspace. The optimizer must not
 * depend on a backend (DESIGN.md §1), so there is no dependency edge: the test imports the files
 * by path (with apache-arrow from the backend's own install, so both see one Arrow module).
 * Returns the reason instead when the backend cannot be loaded.
 */
export interface LocalRunner {
  run(plan: PlanNode, table: RandomTable): Promise<unknown[][]>;
  /** Runs a stage graph (every stage, in order; the output stage's rows), on `ranks` simulated ranks. */
  runGraph(graph: StageGraph, table: RandomTable, ranks?: number): Promise<unknown[][]>;
}

const backendDir = join(dirname(fileURLToPath(import.meta.url)), "../../../backend-local");

export async function loadLocalRunner(): Promise<LocalRunner | string> {
  let backend: any;
  let arrow: any;
  try {
    const arrowEntry = realpathSync(join(backendDir, "node_modules/apache-arrow/Arrow.node.mjs"));
    arrow = await import(/* @vite-ignore */ pathToFileURL(arrowEntry).href);
    backend = await import(/* @vite-ignore */ pathToFileURL(join(backendDir, "src/index.ts")).href);
  } catch (e) {
    return `packages/backend-local could not be loaded: ${(e as Error).message}`;
  }
  if (typeof backend.executePlanLocally !== "function" || typeof backend.arrowTableSource !== "function") {
    return "packages/backend-local exports no executePlanLocally/arrowTableSource";
  }
  const arrowType = (type: string) =>
    ({ int32: new arrow.Int32(), int64: new arrow.Int64(), float64: new arrow.Float64(), bool: new arrow.Bool(), utf8: new arrow.Utf8() })[type];
  const toTable = (table: RandomTable) => {
    const fields = table.columns.map((c) => new arrow.Field(c.name, arrowType(c.type), c.nullable));
    const children = table.columns.map((c, i) => {
      const values = table.rows.map((r) => (r[i] === null ? null : c.type === "int64" ? BigInt(r[i] as number) : r[i]));
      return arrow.vectorFromArray(values, arrowType(c.type)).data[0];
    });
    const s = new arrow.Schema(fields);
    const data = arrow.makeData({ type: new arrow.Struct(fields), length: table.rows.length, nullCount: 0, children });
    return new arrow.Table(s, [new arrow.RecordBatch(s, data)]);
  };
  // Not backend.arrowTableSource: it projects with RecordBatch.select, which apache-arrow 21.2.0
  // gets wrong (children stay at their old positions); selectAt is right.
  const source = (t: any) => ({
    kind: "memory",
    name: "t",
    uri: "memory:t",
    schema: backend.arrowTableSource("t", t).schema,
    fingerprint: () => "memory:t",
    // Honors partitions as a DataSource must: partition i of n is the i-th contiguous block of rows.
    async *scan(request: { columns: readonly string[] | null; partition?: { index: number; count: number } }) {
      const { index, count } = request.partition ?? { index: 0, count: 1 };
      for (const whole of t.batches) {
        const b = count === 1 ? whole : whole.slice(Math.floor((index * whole.numRows) / count), Math.floor(((index + 1) * whole.numRows) / count));
        yield request.columns ? b.selectAt(request.columns.map((c) => b.schema.fields.findIndex((f: { name: string }) => f.name === c))) : b;
      }
    },
  });
  const rowsOf = (batches: any[]): unknown[][] => {
    const rows: unknown[][] = [];
    for (const b of batches) {
      for (let i = 0; i < b.numRows; i++) {
        rows.push(b.schema.fields.map((f: { name: string }) => {
          const v = b.getChild(f.name).get(i);
          return typeof v === "bigint" ? Number(v) : v;
        }));
      }
    }
    return rows;
  };
  return {
    async runGraph(graph, table, ranks = 1) {
      const local = new backend.LocalBackend();
      const compiled = new Map(graph.stages.map((s) => [s.id, local.compile(s)]));
      const batches: any[] = [];
      for await (const b of local.execute(graph, compiled, { arguments: new Map([[0, source(toTable(table))]]), udfs: new Map(), ranks })) batches.push(b);
      return rowsOf(batches);
    },
    async run(plan, table) {
      const result = await backend.executePlanLocally(plan, [source(toTable(table))]);
      const rows: unknown[][] = [];
      for (const b of result.batches) {
        for (let i = 0; i < b.numRows; i++) {
          rows.push(b.schema.fields.map((f: { name: string }) => {
            const v = b.getChild(f.name).get(i);
            return typeof v === "bigint" ? Number(v) : v;
          }));
        }
      }
      return rows;
    },
  };
}
