import { parentPort } from "node:worker_threads";
import type * as arrow from "apache-arrow";
import { planHash, stageGraphFromJson, type StageGraphJson, type StageMetrics } from "@datajax/core-ir";
import { ArrowTableSource } from "@datajax/runtime";
import type { ColumnBatch } from "../columns/column-batch.js";
import { buildOperator } from "../exec/build-operator.js";
import type { PhysicalOperator } from "../exec/physical-operator.js";
import { runStageToEnd } from "../exec/run-stage.js";
import { tableFromMessage, type TableMessage } from "./table-message.js";

/** One rank's share of one stage, sent to a worker thread (see RankThreads). */
export interface RankJob {
  readonly id: number;
  readonly graph: StageGraphJson;
  readonly stageId: string;
  readonly rank: number;
  readonly ranks: number;
  /** The earlier stages' outputs this rank received. */
  readonly delivered: readonly (readonly [string, readonly ColumnBatch[]])[];
  /**
   * Argument slot → its source's name, its table's id and message; the message is null where the
   * worker already holds the table (it keeps the last KEPT_TABLES tables it was sent, and
   * RankThreads keeps the same list).
   */
  readonly args: readonly { readonly slot: number; readonly name: string; readonly tableId: number; readonly table: TableMessage | null }[];
}

/** A worker's answer: the stage's batches on that rank and its metrics, or the error it threw. */
export type RankReply =
  | { readonly id: number; readonly batches: readonly ColumnBatch[]; readonly metrics: StageMetrics }
  | { readonly id: number; readonly error: { readonly name: string; readonly message: string; readonly stack?: string } };

/** Tables a worker keeps between jobs, the most recently sent ones (sending and rebuilding one costs a few ms). */
export const KEPT_TABLES = 4;
/** Compiled stages a worker keeps (a stage's operators hold its generated kernels and their statistics). */
const KEPT_STAGES = 64;

/**
 * The loop of a local-backend worker thread: runs each RankJob it receives (compiling its stage
 * once per plan, generated kernels cached in the thread as in any process) and replies.
 * Started by RankThreads through the package's own entry point; not for direct use.
 *
 * @example
 * ```ts
 * // inside a worker thread: import("@datajax/backend-local").then((m) => m.serveRanks());
 * ```
 */
export function serveRanks(): void {
  const port = parentPort;
  if (!port) throw new Error("backend-local: serveRanks runs inside a worker thread.");
  const operators = new Map<string, PhysicalOperator>();
  const tables = new Map<number, arrow.Table>();
  const tableOf = (id: number, m: TableMessage | null): arrow.Table => {
    if (m !== null) {
      tables.set(id, tableFromMessage(m));
      if (tables.size > KEPT_TABLES) tables.delete(tables.keys().next().value!);
    }
    const t = tables.get(id);
    if (!t) throw new Error(`backend-local: worker thread has no table ${id} (it keeps the last ${KEPT_TABLES} it was sent); this is a bug in RankThreads.`);
    return t;
  };
  port.on("message", async (job: RankJob) => {
    try {
      // The tables first: RankThreads counts on the worker holding every table it was sent.
      const sources = job.args.map((a) => [a.slot, new ArrowTableSource(tableOf(a.tableId, a.table), a.name)] as const);
      const stage = stageGraphFromJson(job.graph).stages.find((s) => s.id === job.stageId)!;
      const key = planHash(stage.plan);
      let root = operators.get(key);
      if (!root) {
        root = buildOperator(stage.plan);
        operators.set(key, root);
        if (operators.size > KEPT_STAGES) operators.delete(operators.keys().next().value!);
      }
      const execution = { arguments: new Map(sources), udfs: new Map(), ranks: job.ranks };
      const { batches, metrics } = await runStageToEnd(stage.id, root, new Map(job.delivered), execution, job.rank, job.ranks);
      port.postMessage({ id: job.id, batches, metrics } satisfies RankReply);
    } catch (e) {
      const err = e instanceof Error ? e : new Error(String(e));
      port.postMessage({ id: job.id, error: { name: err.name, message: err.message, ...(err.stack ? { stack: err.stack } : {}) } } satisfies RankReply);
    }
  });
}
