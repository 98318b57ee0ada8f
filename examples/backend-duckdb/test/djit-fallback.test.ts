import { describe, expect, it } from "vitest";
import { tableFromArrays } from "apache-arrow";
import { createContainer } from "@datajax/runtime";
import { tableRows } from "@datajax/runtime/testing";
import { registerLocalBackend } from "@datajax/backend-local";
import { col, count, djit, mean, type Frame } from "@datajax/transforms";
import { t } from "@datajax/core-ir";
import { registerDuckDbBackend } from "../src/index.js";

const trips = () =>
  tableFromArrays({
    zone: Int32Array.from([1, 2, 1, 3, 2, 1]),
    fare: Float64Array.from([10, 0, 12, 7.5, 3, -1]),
    tip: Float64Array.from([1, 0, 3, 0.5, 0, 0]),
  });

function container() {
  const c = createContainer();
  registerDuckDbBackend(c, { threads: 1 });
  registerLocalBackend(c);
  return c;
}

const featurize = (f: Frame) =>
  f.filter(col("fare").gt(0)).withColumns({ tip_ratio: col("tip").div(col("fare")) }).groupBy("zone").agg({ trips: count(), mean_tip_ratio: mean("tip_ratio") });

describe("djit on the duckdb backend, with the local backend as fallback", () => {
  it("runs a supported plan on duckdb and returns what the local backend returns", async () => {
    const c = container();
    const onDuckDb = await djit(featurize, { container: c, backend: "duckdb", fallbackBackend: "local" }).run(trips());
    const onLocal = await djit(featurize, { container: c, backend: "local" }).run(trips());
    expect(onDuckDb.metrics.backend).toBe("duckdb");
    expect(onDuckDb.metrics.fallback).toBeUndefined();
    const byZone = (rows: readonly Record<string, unknown>[]) => [...rows].sort((a, b) => Number(a.zone) - Number(b.zone));
    expect(byZone(tableRows(onDuckDb.table))).toEqual(byZone(tableRows(onLocal.table)));
    expect(byZone(tableRows(onDuckDb.table))).toEqual([
      { zone: 1, trips: 2, mean_tip_ratio: (0.1 + 0.25) / 2 },
      { zone: 2, trips: 1, mean_tip_ratio: 0 },
      { zone: 3, trips: 1, mean_tip_ratio: 0.5 / 7.5 },
    ]);
  });

  it("hands a plan with a JavaScript UDF to the fallback, and says why", async () => {
    const scored = djit((f: Frame) => f.udf("double_fare", { mode: "row", reads: ["fare"], outputSchema: { doubled: t.float64 } }), {
      container: container(),
      backend: "duckdb",
      fallbackBackend: "local",
      udfs: new Map([["double_fare", { mode: "row", fn: (r: Record<string, unknown>) => ({ doubled: 2 * Number(r.fare) }) }]]),
    });
    const { table, metrics } = await scored.run(trips());
    expect(tableRows(table).map((r) => r.doubled)).toEqual([20, 0, 24, 15, 6, -2]);
    expect(metrics.backend).toBe("local");
    expect(metrics.fallback).toMatchObject({ from: "duckdb" });
    expect(JSON.stringify(metrics.fallback)).toContain("udf[double_fare]");
  });
});
