import type { ReferenceQuery, ResultRows } from "../queries/reference-query.js";
import { answerOf } from "./engine.js";
import { engineById } from "./engines.js";

export interface QueryTiming {
  readonly query: string;
  readonly runsMs: readonly number[];
  readonly medianMs: number;
  readonly minMs: number;
  readonly maxMs: number;
  readonly result: ResultRows;
}

export interface EngineReport {
  readonly engine: string;
  /** Processes the engine ran as (MPI ranks); 1 for a single process. */
  readonly ranks: number;
  readonly loadMs: number;
  /** Peak resident set size, summed over the ranks (each rank's own peak). */
  readonly peakRssBytes: number;
  readonly queries: readonly QueryTiming[];
}

const median = (xs: readonly number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
};

const yieldToLoop = () => new Promise<void>((r) => setImmediate(r));

/**
 * Untimed runs of each query before the timed ones: the first gives the answer that is checked;
 * the others let the JIT finish with the code paths the query takes (a multi-rank engine runs more
 * JavaScript per query, for its exchanges, and its first runs were visibly slower than the rest).
 */
export const WARMUP_RUNS = 3;

/**
 * Loads the data once, then for each query WARMUP_RUNS untimed runs (the first one's rows are the engine's answer) and
 * `runs` timed runs of the query alone (PreparedQuery.run: no conversion to rows). An engine that
 * runs as several ranks (Engine.lockstep) does all of this on every rank in the same order, with
 * a barrier before the load ends and before each timed call, so rank 0's times span the whole
 * distributed load and query; rank 0 gets the report, other ranks null.
 */
export async function runEngine(engineId: string, parquetPath: string, queries: readonly ReferenceQuery[], runs: number): Promise<EngineReport | null> {
  const engine = engineById(engineId);
  const group = engine.lockstep;
  group?.barrier();
  const t0 = performance.now();
  await engine.load(parquetPath);
  group?.barrier();
  const loadMs = performance.now() - t0;
  let peak = process.memoryUsage().rss;
  const out: QueryTiming[] = [];
  for (const q of queries) {
    const prepared = await engine.prepare(q);
    const result = await answerOf(prepared); // the first warm-up, whose rows are the answer checked
    for (let i = 1; i < WARMUP_RUNS; i++) {
      await yieldToLoop();
      group?.barrier();
      await prepared.run();
    }
    const times: number[] = [];
    for (let i = 0; i < runs; i++) {
      await yieldToLoop();
      group?.barrier();
      const s = performance.now();
      await prepared.run();
      times.push(performance.now() - s);
      peak = Math.max(peak, process.memoryUsage().rss);
    }
    out.push({ query: q.name, runsMs: times, medianMs: median(times), minMs: Math.min(...times), maxMs: Math.max(...times), result });
  }
  await engine.close?.();
  const peakRssBytes = group ? group.sumOverRanks(peak) : peak;
  if (group && group.rank !== 0) return null;
  return { engine: engineId, ranks: group?.size ?? 1, loadMs, peakRssBytes, queries: out };
}
