import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { ScanNode, Sharding, transformUp } from "@datajax/core-ir";
import { planStages } from "@datajax/planner";
import { defaultContainer, djit, ensureTaxiDataset, Executor, featurize, printStageGraph, readParquet, resolveBackend } from "../src/index.js";

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

  it("sharded by another key: a partial aggregate before the one exchange, and the same rows as the single-process plan", async () => {
    const { path } = await ensureTaxiDataset({ rows: 20_000, dir: scratch });
    const trips = await readParquet(path);
    const lowered = djit(featurize).lower(trips);
    const byVendor = transformUp(lowered.optimized, (n) => (n.kind === "Scan" ? ScanNode.create(n.source, n.sourceSchema, { columns: n.columns, filter: n.filter, sharding: Sharding.hash(["VendorID"]) }) : n));
    const graph = planStages(byVendor);
    const listing = printStageGraph(graph);
    expect(graph.stages.map((s) => [s.id, s.inputs])).toEqual([["s0", []], ["s1", ["s0"]]]);
    expect(listing).toMatch(/^stage s0 <- \[\] \{PULocationID:int32, hour:int32, __p0_n:int64, [^}]*\} @hash\(PULocationID, hour\)/);
    expect(listing).toMatch(/aggregate\[__p0_n = count\(\), __p1_s = sum\(fare_amount\), __p1_n = count\(fare_amount\), __p2_s = sum\(tip_ratio\), __p2_n = count\(tip_ratio\)\]/);
    // On one process the exchange moves nothing, so the stage graph must give the single-process answer.
    const executor = new Executor(resolveBackend(defaultContainer(), "local"));
    const sharded = await executor.run(graph, { arguments: new Map([[0, trips]]) });
    const single = await djit(featurize)(trips);
    const rows = (t: typeof single) => t.toArray().map((r) => JSON.stringify(r.toJSON(), (_k, v) => (typeof v === "bigint" ? Number(v) : typeof v === "number" ? Number(v.toPrecision(12)) : v))).sort();
    expect(sharded.table.numRows).toBe(single.numRows);
    expect(rows(sharded.table)).toEqual(rows(single));
  });
});
