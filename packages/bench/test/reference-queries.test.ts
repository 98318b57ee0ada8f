import { answerOf } from "../src/harness/engine.js";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ensureTaxiDataset } from "@datajax/datajax";
import { firstDifference } from "../src/harness/compare-results.js";
import { duckdbEngine, handWrittenEngine, localEngine, localThreadsEngine, type Engine } from "../src/harness/engines.js";
import { allQueries } from "../src/queries/queries.js";
import type { ResultRows } from "../src/queries/reference-query.js";

// The four reference queries and featurize, on generated taxi data with nulls, skewed zones,
// zero and negative fares: the local backend must return DuckDB's answers (integers exactly,
// floats within 1e-9 relative), and so must the hand-written loops the benchmark times.
const ROWS = 300_000;
const dir = mkdtempSync(join(tmpdir(), "djx-refq-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const engines: Record<string, Engine> = { local: localEngine(), local2t: localThreadsEngine(2), duckdb: duckdbEngine(2), hand: handWrittenEngine() };
beforeAll(async () => {
  // Small row groups, so the local backend streams many batches.
  const { path } = await ensureTaxiDataset({ rows: ROWS, dir, rowGroupRows: 40_000 });
  for (const e of Object.values(engines)) await e.load(path);
});

/** Count columns compared exactly (a float tolerance could hide an off-by-one on large counts). */
const COUNT_COLUMNS = new Set(["n", "trips"]);

describe.each(allQueries.map((q) => [q.name, q] as const))("%s", (_name, query) => {
  it("the local backend returns DuckDB's answer", async () => {
    const duck: ResultRows = await answerOf(await engines.duckdb!.prepare(query));
    const local: ResultRows = await answerOf(await engines.local!.prepare(query));
    expect(duck.length).toBeGreaterThan(0);
    expect(firstDifference(duck, local)).toBeUndefined();
    for (const [i, row] of duck.entries()) {
      for (const k of Object.keys(row)) if (COUNT_COLUMNS.has(k)) expect(local[i]![k]).toBe(row[k]);
    }
  });

  it("the local backend on two threads (pjit over two ranks, one on a worker thread) returns it too", async () => {
    const duck: ResultRows = await answerOf(await engines.duckdb!.prepare(query));
    const local: ResultRows = await answerOf(await engines.local2t!.prepare(query));
    expect(firstDifference(duck, local)).toBeUndefined();
    for (const [i, row] of duck.entries()) {
      for (const k of Object.keys(row)) if (COUNT_COLUMNS.has(k)) expect(local[i]![k]).toBe(row[k]);
    }
  });

  it("the hand-written loop (the benchmark's speed reference) returns it too", async () => {
    const duck = await answerOf(await engines.duckdb!.prepare(query));
    const hand = await answerOf(await engines.hand!.prepare(query));
    expect(firstDifference(duck, hand)).toBeUndefined();
  });
});

it("the answers are not trivial: featurize covers many location-hours, q1 sums over most rows", async () => {
  const feat = await answerOf(await engines.duckdb!.prepare(allQueries.find((q) => q.name === "featurize")!));
  expect(feat.length).toBeGreaterThan(2000);
  expect(feat.some((r) => r["mean_tip_ratio"] === null || typeof r["mean_tip_ratio"] === "number")).toBe(true);
  const q1 = await answerOf(await engines.duckdb!.prepare(allQueries[0]!));
  expect(q1[0]!["n"]).toBeGreaterThan(ROWS / 3);
});
