import { answerOf } from "../src/harness/engine.js";
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { tableFromArrays } from "apache-arrow";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ensureTaxiDataset } from "@datajax/datajax";
import { firstDifference } from "../src/harness/compare-results.js";
import { duckdbEngine, polarsEngine, tunedHandWrittenEngine, type Engine } from "../src/harness/engines.js";
import { rankLocalTableSource } from "../src/harness/rank-local-table-source.js";
import { denseKeyDomain } from "../src/queries/dense-key-domain.js";
import { DenseKeyDomainTooLargeError } from "../src/queries/dense-key-domain-too-large-error.js";
import { allQueries, q2, q4 } from "../src/queries/queries.js";
import type { TaxiColumns } from "../src/queries/reference-query.js";

// The benchmark's new engines on 50k generated taxi rows (nulls, skewed zones, zero and negative
// fares) in 5 row groups: the tuned loops and nodejs-polars in this process, and the whole harness
// CLI (each engine in its own process, the 2-rank native engine under a real mpirun) checking
// every engine's answers against DuckDB's.
const ROWS = 50_000;
const ROW_GROUP_ROWS = 10_000;
const dir = mkdtempSync(join(tmpdir(), "djx-bench-engines-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
let path: string;

const engines: Record<string, Engine> = { duckdb: duckdbEngine(1), tuned: tunedHandWrittenEngine(), polars: polarsEngine() };
beforeAll(async () => {
  ({ path } = await ensureTaxiDataset({ rows: ROWS, dir, rowGroupRows: ROW_GROUP_ROWS }));
  for (const e of Object.values(engines)) await e.load(path);
});

describe.each(allQueries.map((q) => [q.name, q] as const))("%s", (_name, query) => {
  it.each(["tuned", "polars"])("%s returns DuckDB's answer", async (engine) => {
    const duck = await answerOf(await engines.duckdb!.prepare(query));
    const answer = await answerOf(await engines[engine]!.prepare(query));
    expect(duck.length).toBeGreaterThan(0);
    expect(firstDifference(duck, answer)).toBeUndefined();
  });
});

/** Columns of a few hand-made trips (no nulls, all at 00:30 UTC on 1970-01-01 unless given). */
function columns(keys: number[], fares: number[], distances: number[], tips: number[] = fares.map(() => 0)): TaxiColumns {
  const n = keys.length;
  const pickup = new Int32Array(2 * n);
  for (let i = 0; i < n; i++) pickup[2 * i] = 1_800_000_000;
  return {
    rows: n, PULocationID: Int32Array.from(keys), fare_amount: Float64Array.from(fares), trip_distance: Float64Array.from(distances),
    tip_amount: Float64Array.from(tips), tip_valid: null, total_amount: Float64Array.from(fares), pickup_us_pairs: pickup,
  };
}

describe("the tuned loops learn the key domain at run time", () => {
  it("groups keys outside the taxi zones (negative, large) without a hard-coded range", () => {
    const c = columns([-3, 1000, -3, 7], [10, 4, 20, 5], [2, 3, 4, 5]);
    expect(q2.tuned(c)).toEqual([
      { PULocationID: -3, n: 2, fare_sum: 30, tip_mean: 0, distance_max: 4 },
      { PULocationID: 7, n: 1, fare_sum: 5, tip_mean: 0, distance_max: 5 },
      { PULocationID: 1000, n: 1, fare_sum: 4, tip_mean: 0, distance_max: 3 },
    ]);
    // Only the -3 trip with fare 20 is above its location's mean fare (15).
    expect(q4.tuned(c)).toEqual([{ n: 1 }]);
  });

  it("finds the domain by a min/max pass, and refuses one too wide for a dense index", () => {
    expect(denseKeyDomain("k", Int32Array.of(5, -2, 9), 3)).toEqual({ min: -2, size: 12 });
    expect(denseKeyDomain("k", new Int32Array(0), 0)).toEqual({ min: 0, size: 0 });
    expect(() => denseKeyDomain("PULocationID", Int32Array.of(0, 1 << 23), 2)).toThrow(DenseKeyDomainTooLargeError);
    expect(() => denseKeyDomain("PULocationID", Int32Array.of(0, 1 << 23), 2)).toThrow(/PULocationID spans 0\.\.8388608/);
  });
});

describe("a rank's in-memory share", () => {
  const table = tableFromArrays({ x: Int32Array.of(1, 2, 3) });
  const rows = async (source: ReturnType<typeof rankLocalTableSource>, partition?: { index: number; count: number }) => {
    let n = 0;
    for await (const b of source.scan({ columns: null, filter: null, ...(partition ? { partition } : {}) })) n += b.numRows;
    return n;
  };
  it("yields all its rows to its own block share, and refuses any other request", async () => {
    const second = rankLocalTableSource(table, "trips", { rank: 1, size: 2 });
    expect(await rows(second, { index: 1, count: 2 })).toBe(3);
    expect(() => second.scan({ columns: null, filter: null, partition: { index: 0, count: 2 } })).toThrow(/rank 1 of 2 holds only its own share/);
    expect(() => second.scan({ columns: null, filter: null })).toThrow(/asked for every row/);
    expect(await rows(rankLocalTableSource(table, "trips", { rank: 0, size: 1 }))).toBe(3);
  });
});

const cli = join(dirname(fileURLToPath(import.meta.url)), "..", "dist", "cli.js");

it("the harness runs every new engine, the 2-rank one under mpirun, and their answers equal DuckDB's", () => {
  expect(existsSync(cli), `build the bench first: pnpm --filter @datajax/bench build (no ${cli})`).toBe(true);
  const out = join(dir, "report");
  const ids = ["duckdb-1t", "hand-written-tuned", "datajax-local-2t", "datajax-native-1r", "datajax-native-2r", "polars"];
  const run = spawnSync(
    process.execPath,
    [cli, "--rows", String(ROWS), "--runs", "1", "--engines", ids.join(","), "--data-dir", dir, "--row-group-rows", String(ROW_GROUP_ROWS), "--out", out, "--cases", ""],
    { encoding: "utf8", timeout: 120_000 },
  );
  expect(run.status, run.stderr).toBe(0);
  const report = JSON.parse(readFileSync(join(out, `local-vs-peers-${ROWS}.json`), "utf8")) as {
    mismatches: string[];
    engines: { engine: string; ranks: number; queries: { query: string }[] }[];
  };
  expect(report.mismatches).toEqual([]);
  expect(report.engines.map((e) => [e.engine, e.ranks, e.queries.length])).toEqual(ids.map((id) => [id, id.endsWith("-2r") ? 2 : 1, allQueries.length]));
  const md = readFileSync(join(out, `local-vs-peers-${ROWS}.md`), "utf8");
  expect(md).toContain("| native-1r / tuned |");
  expect(md).toContain("| native speed-up, 1r / 2r |");
  expect(md).toContain("datajax-native-2r (2 ranks)");
  expect(readFileSync(join(out, `local-vs-peers-${ROWS}.svg`), "utf8")).toMatch(/^<svg [^>]*>[\s\S]*datajax-native-2r[\s\S]*<\/svg>\n$/);
}, 150_000);
