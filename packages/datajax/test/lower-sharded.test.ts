import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { Sharding } from "@datajax/core-ir";
import { col, count, djit, ensureTaxiDataset, featurize, readParquet, sum, type Frame } from "../src/index.js";

const scratch = mkdtempSync(join(tmpdir(), "djx-lower-"));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

describe("featurize over a Parquet scan", () => {
  it("lower(): the projection reduced to the columns it reads, the filter inside the scan, each rule's effect on request", async () => {
    const { path } = await ensureTaxiDataset({ rows: 20_000, dir: scratch });
    const lowered = djit(featurize).lower(await readParquet(path));
    expect(lowered.text.optimized.split("\n")[0]).toBe(
      "t0: {tpep_pickup_datetime:timestamp[us], trip_distance:float64, PULocationID:int32, fare_amount:float64, tip_amount:float64?, total_amount:float64} = " +
        "scan[trips columns=[tpep_pickup_datetime, trip_distance, PULocationID, fare_amount, tip_amount, total_amount] filter=(fare_amount > 0) and (trip_distance > 0)]",
    );
    const explained = lowered.explain({ rules: true });
    expect(explained.startsWith(lowered.toString())).toBe(true);
    expect(explained).toMatch(/\n# rules\n-- push_filter_into_scan \(batch push_down_filters, pass 1\)\n/);
    expect(explained).toContain("-- prune_projections");
  });

  it("an argument sharded by another key: lower() shows a partial aggregate before the one exchange, and the run gives the single-process rows", async () => {
    const { path } = await ensureTaxiDataset({ rows: 20_000, dir: scratch });
    const trips = await readParquet(path);
    // A data argument may declare its sharding (pjit will set it from inShardings).
    const byVendor = Object.create(trips, { sharding: { value: Sharding.hash(["VendorID"]) } }) as typeof trips;
    const job = djit(featurize);
    const lowered = job.lower(byVendor);
    expect(lowered.stages.stages.map((s) => [s.id, s.inputs])).toEqual([["s0", []], ["s1", ["s0"]]]);
    expect(lowered.text.stages).toMatch(/^stage s0 <- \[\] \{PULocationID:int32, hour:int32, __p0_n:int64, [^}]*\} @hash\(PULocationID, hour\)/);
    expect(lowered.text.stages).toMatch(/@hash\(VendorID\) = scan\[trips columns=\[[^\]]*\] filter=\(fare_amount > 0\) and \(trip_distance > 0\)\]/);
    expect(lowered.text.stages).toMatch(/aggregate\[__p0_n = count\(\), __p1_s = sum\(fare_amount\), __p1_n = count\(fare_amount\), __p2_s = sum\(tip_ratio\), __p2_n = count\(tip_ratio\)\]/);
    expect(lowered.text.stages).toMatch(/stage s1 \(output\) <- \[s0\][\s\S]*scan\[stage:s0\]/);
    // Grouped by a key it is sharded by: no exchange.
    const byZone = Object.create(trips, { sharding: { value: Sharding.hash(["PULocationID"]) } }) as typeof trips;
    expect(job.lower(byZone).stages.stages).toHaveLength(1);
    // On one process the exchange moves nothing, so the two-stage run must give the single-process answer.
    const rows = (t: Awaited<ReturnType<typeof job>>) => t.toArray().map((r) => JSON.stringify(r.toJSON(), (_k, v) => (typeof v === "bigint" ? Number(v) : typeof v === "number" ? Number(v.toPrecision(12)) : v))).sort();
    const sharded = await job(byVendor);
    const single = await job(trips);
    expect(sharded.numRows).toBe(single.numRows);
    expect(rows(sharded)).toEqual(rows(single));
    expect(job.explainCacheMiss(byZone)).toMatch(/sharding differs: @hash\(VendorID\) → @hash\(PULocationID\)|sharding differs/);
  });

  it("pruning shows in the metrics: fewer columns and a selective filter read fewer bytes", async () => {
    const { path } = await ensureTaxiDataset({ rows: 20_000, dir: scratch, rowGroupRows: 2_000 });
    const trips = await readParquet(path);
    const bytes = async (f: (t: Frame) => Frame) => (await djit(f).run(trips)).metrics.stages.reduce((n, m) => n + m.bytesRead, 0);
    const wide = await bytes((t) => t.agg({ f: sum("fare_amount"), d: sum("trip_distance"), p: sum("passenger_count"), tip: sum("tip_amount") }));
    const narrow = await bytes((t) => t.agg({ f: sum("fare_amount") }));
    expect(narrow).toBeLessThan(wide / 2);
    // No trip is that long: every row group's statistics rule it out, and nothing is decoded.
    const none = await bytes((t) => t.filter(col("trip_distance").gt(10_000)).agg({ n: count() }));
    expect(none).toBe(0);
  });

  it("a timestamp column compares with a Date (ms) as instants, scan filters and pruning included", async () => {
    const { path } = await ensureTaxiDataset({ rows: 20_000, dir: scratch, rowGroupRows: 2_000 });
    const cut = new Date(Date.UTC(2024, 0, 10, 12));
    const got = await djit((t: Frame) => t.filter(col("tpep_pickup_datetime").lt(cut)).agg({ n: count() }))(await readParquet(path));
    const all = await djit((t: Frame) => t.select("tpep_pickup_datetime"))(await readParquet(path));
    const us = all.getChild("tpep_pickup_datetime")!.data.flatMap((d) => Array.from(d.values as BigInt64Array));
    const expected = us.filter((v) => v < BigInt(cut.getTime()) * 1000n).length;
    expect(expected).toBeGreaterThan(0);
    expect(Number(got.toArray()[0]!.n)).toBe(expected);
  });
});

