import type { Backend, DataSource } from "@datajax/core-ir";
import { CompiledStageCache } from "../executor/compiled-stage-cache.js";
import { Executor } from "../executor/executor.js";
import type { RunMetrics } from "../metrics/run-metrics.js";
import { tableSource } from "../sources/arrow-table-source.js";
import { compareRows, ConformanceMismatchError } from "./compare-rows.js";
import type { ConformanceCase, ConformanceRow } from "./conformance-case.js";
import { tableRows } from "./table-rows.js";

/**
 * How runConformanceCase runs: a fallback backend for the executor, another rank count than the
 * case's, a compiled-stage cache (default: a fresh one per call), the float tolerance.
 *
 * @example
 * await runConformanceCase(backend, c, { ranks: 4, relativeTolerance: 1e-9 });
 */
export interface ConformanceRunOptions {
  readonly fallback?: Backend;
  readonly ranks?: number;
  readonly cache?: CompiledStageCache;
  readonly relativeTolerance?: number;
}

/**
 * What a passing case returned: the rows (normalized as tableRows does) and the run's metrics.
 *
 * @example
 * const { rows, metrics } = await runConformanceCase(backend, c);
 * console.log(rows.length, metrics.fallback?.to ?? metrics.backend);
 */
export interface ConformanceCaseResult {
  readonly rows: readonly ConformanceRow[];
  readonly metrics: RunMetrics;
}

/**
 * Runs one case through the Executor on `backend` (with the case's user functions, if any) and compares the result with the case's
 * expected rows (as a multiset unless the case is `ordered`; floats within a relative tolerance;
 * bigint and number alike). Throws ConformanceMismatchError showing the first difference, or
 * whatever the executor throws (UnsupportedStageError when the backend refuses the graph).
 *
 * @example
 * import { conformanceCases, runConformanceCase } from "@datajax/runtime/testing";
 * for (const c of conformanceCases) await runConformanceCase(new LocalBackend(), c);
 */
export async function runConformanceCase(backend: Backend, c: ConformanceCase, options: ConformanceRunOptions = {}): Promise<ConformanceCaseResult> {
  const executor = new Executor(backend, { cache: options.cache ?? new CompiledStageCache(), ...(options.fallback ? { fallback: options.fallback } : {}) });
  const args = new Map<number, DataSource>(c.inputs.map((table, slot) => [slot, tableSource(table, `arg${slot}`)]));
  const ranks = options.ranks ?? c.ranks ?? 1;
  const { table, metrics } = await executor.run(c.graph, { arguments: args, ranks, ...(c.udfs ? { udfs: c.udfs } : {}) });
  const output = c.graph.stages.find((s) => s.id === c.graph.output)!;
  const wanted = output.schema.fields.map((f) => f.name);
  const got = table.schema.fields.map((f) => f.name);
  const rows = tableRows(table);
  if (got.join("\0") !== wanted.join("\0")) {
    throw new ConformanceMismatchError(c.id, `the result has columns [${got.join(", ")}], the output stage's schema says [${wanted.join(", ")}]`, rows, c.expected);
  }
  const difference = compareRows(rows, c.expected, { ordered: c.ordered, ...(options.relativeTolerance !== undefined ? { relativeTolerance: options.relativeTolerance } : {}) });
  if (difference !== null) throw new ConformanceMismatchError(c.id, difference, rows, c.expected);
  return { rows, metrics };
}
