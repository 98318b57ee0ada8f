import { answerOf } from "../src/harness/engine.js";
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ensureTaxiDataset, readParquet } from "@datajax/datajax";
import { ensureSkewedJoinDataset, SKEWED_JOIN_KEYS } from "../src/data/ensure-skewed-join-dataset.js";
import { ZipfKeySampler } from "../src/data/zipf-key-sampler.js";
import { caseMismatches } from "../src/harness/case-mismatches.js";
import { firstDifference } from "../src/harness/compare-results.js";
import { arqueroEngine, duckdbEngine, type Engine } from "../src/harness/engines.js";
import { allQueries } from "../src/queries/queries.js";

// Arquero and the cases beyond the queries on 30k generated taxi rows (nulls, skew) in 3 row
// groups: Arquero's answers against DuckDB's in this process, the skewed-key data, and the whole
// harness CLI with every case, whose answers it cross-checks itself.
const ROWS = 30_000;
const ROW_GROUP_ROWS = 10_000;
const dir = mkdtempSync(join(tmpdir(), "djx-bench-cases-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
let path: string;
const engines: Record<string, Engine> = { duckdb: duckdbEngine(1), arquero: arqueroEngine() };
beforeAll(async () => {
  ({ path } = await ensureTaxiDataset({ rows: ROWS, dir, rowGroupRows: ROW_GROUP_ROWS }));
  for (const e of Object.values(engines)) await e.load(path);
});

describe.each(allQueries.map((q) => [q.name, q] as const))("%s", (_name, query) => {
  it("arquero returns DuckDB's answer", async () => {
    const duck = await answerOf(await engines.duckdb!.prepare(query));
    const answer = await answerOf(await engines.arquero!.prepare(query));
    expect(duck.length).toBeGreaterThan(0);
    expect(firstDifference(duck, answer)).toBeUndefined();
  });
});

describe("the skewed-key join dataset", () => {
  it("draws Zipf-like keys, the same for the same seed", () => {
    const draw = (seed: number) => {
      const s = new ZipfKeySampler(1000, 1.1, seed);
      return Int32Array.from({ length: 20_000 }, () => s.next());
    };
    const a = draw(7);
    expect(draw(7)).toEqual(a);
    expect(draw(8)).not.toEqual(a);
    const ones = a.filter((k) => k === 1).length;
    const hundreds = a.filter((k) => k === 100).length;
    // P(1) / P(100) = 100^1.1 ≈ 158: the hottest key dwarfs a middling one.
    expect(ones).toBeGreaterThan(30 * Math.max(1, hundreds));
    expect(Math.min(...a)).toBeGreaterThanOrEqual(1);
    expect(Math.max(...a)).toBeLessThanOrEqual(1000);
  });

  it("writes the facts and a dimension missing every tenth key, in row groups", async () => {
    const { factsPath, dimPath } = await ensureSkewedJoinDataset({ rows: 25_000, dir, rowGroupRows: ROW_GROUP_ROWS });
    const facts = await readParquet(factsPath);
    const dim = await readParquet(dimPath);
    expect(facts.rowCount).toBe(25_000);
    expect(dim.rowCount).toBe(SKEWED_JOIN_KEYS - SKEWED_JOIN_KEYS / 10);
  });
});

it("a case's answer that differs from its first engine's is reported", () => {
  const m = (engine: string, n: number) => ({ engine, unit: "ms" as const, median: 1, min: 1, max: 1, samples: 1, detail: "", result: [{ n }] });
  expect(caseMismatches([{ case: "c", description: "", measurements: [m("a", 1), m("b", 1)] }])).toEqual([]);
  expect(caseMismatches([{ case: "c", description: "", measurements: [m("a", 1), m("b", 2)] }])).toEqual(["c: b vs a: row 0: n = 2, expected 1 (row {\"n\":1})"]);
});

const cli = join(dirname(fileURLToPath(import.meta.url)), "..", "dist", "cli.js");

it("the harness runs arquero and every case; answers agree and the report has the cases' table", () => {
  expect(existsSync(cli), `build the bench first: pnpm --filter @datajax/bench build (no ${cli})`).toBe(true);
  const out = join(dir, "report");
  const run = spawnSync(
    process.execPath,
    [cli, "--rows", String(ROWS), "--runs", "1", "--engines", "datajax-local,arquero", "--data-dir", dir, "--row-group-rows", String(ROW_GROUP_ROWS), "--out", out],
    { encoding: "utf8", timeout: 90_000 },
  );
  expect(run.status, run.stderr).toBe(0);
  const report = JSON.parse(readFileSync(join(out, `local-vs-peers-${ROWS}.json`), "utf8")) as {
    mismatches: string[];
    cases: { case: string; measurements: { engine: string; median: number; detail: string }[] }[];
  };
  expect(report.mismatches).toEqual([]);
  expect(report.cases.map((c) => [c.case, c.measurements.map((m) => m.engine)])).toEqual([
    ["parquet_read", ["polars", "duckdb-2t", "datajax io-parquet", "datajax io-parquet (wasm decoder)", "datajax io-parquet (Arrow IPC file)"]],
    ["pruned_filter", ["datajax-local", "duckdb-2t"]],
    ["skewed_join", ["datajax-local", "datajax-native-1r", "duckdb-2t"]],
    ["featurize_memory", ["datajax-local (streamed from Parquet)", "datajax-local (columns in memory)"]],
    ["lower_overhead", ["datajax-local"]],
    ["cache_hit", ["datajax-local"]],
    ["two_core_ceiling", ["compute loop, 1 worker", "compute loop, 2 workers", "stream loop, 1 worker", "stream loop, 2 workers"]],
  ]);
  for (const c of report.cases) for (const m of c.measurements) expect(m.median).toBeGreaterThan(0);
  // The sorted copy's statistics let DataJAX's scan skip most row groups.
  const pruned = report.cases.find((c) => c.case === "pruned_filter")!.measurements[0]!.detail;
  const [read, total] = /read ([\d,]+) of ([\d,]+) rows/.exec(pruned)!.slice(1).map((x) => Number(x.replaceAll(",", "")));
  expect(total).toBe(ROWS);
  expect(read).toBeLessThan(total! / 2);
  // The memory case reports the peak as a multiple of the columns read plus the output.
  for (const m of report.cases.find((c) => c.case === "featurize_memory")!.measurements) expect(m.detail).toMatch(/^peak RSS \d+ MiB = [\d.]+× the 6 columns read/);
  for (const m of report.cases.find((c) => c.case === "two_core_ceiling")!.measurements.filter((x) => x.engine.endsWith("2 workers"))) expect(m.detail).toMatch(/^half each; speed-up [\d.]+× \(medians\)$/);
  expect(existsSync(join(dir, `taxi-${ROWS}.arrow`))).toBe(true);
  const md = readFileSync(join(out, `local-vs-peers-${ROWS}.md`), "utf8");
  expect(md).toContain("| local / arquero |");
  expect(md).toContain("## Cases beyond the queries");
  expect(md).toMatch(/own 1 → 2 core speed-up in this run \(case two_core_ceiling, no communication at all\): [\d.]+× for a cached compute loop, [\d.]+× for a memory-streaming loop\./);
  expect(md).toMatch(/\| cache_hit \| datajax-local \| [\d.]+ µs/);
  expect(md).toMatch(/\| skewed_join \| duckdb-2t \| /);
}, 120_000);
