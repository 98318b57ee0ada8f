import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { tableFromArrays } from "apache-arrow";
import { Expr, FilterNode, Sharding, t } from "@datajax/core-ir";
import { readParquet, writeParquet } from "@datajax/io-parquet";
import { Executor, tableSource } from "@datajax/runtime";
import { argumentScan, describeBackendConformance, singleStage } from "@datajax/runtime/testing";
import { describe, expect, it } from "vitest";
import { warnFewRowGroups } from "../src/execution/row-group-warning.js";
import { RankCountMismatchError, SpmdNativeBackend } from "../src/index.js";

// The singleton world: a plain process is an MPI world of one, so the ranks-1 cases run in-process.
// The 2- and 4-rank cases run under mpirun in conformance-mpi.test.ts.
describeBackendConformance({ name: "spmd-native (world of 1)", createBackend: () => new SpmdNativeBackend(), ranks: [1] });

describe("spmd-native in a world of one (plain node, no mpirun)", () => {
  const trips = tableFromArrays({ zone: Int32Array.from([1, 2, 1]), fare: Float64Array.from([10, 7.5, 3]) });
  const graph = singleStage(FilterNode.create(argumentScan(0, trips, { sharding: Sharding.block() }), Expr.call("gt", [Expr.column("fare"), Expr.literal(5, t.float64)])));

  it("refuses a run asking for more ranks than the world has, naming both and how to launch", async () => {
    const run = new Executor(new SpmdNativeBackend()).run(graph, { arguments: new Map([[0, tableSource(trips)]]), ranks: 4 });
    await expect(run).rejects.toBeInstanceOf(RankCountMismatchError);
    await expect(run).rejects.toThrow(/asks for 4 rank\(s\), but this MPI world has 1 process.*datajax launch -n 4/);
  });

  it("describes what runs natively and what on the local backend's kernels", () => {
    const text = new SpmdNativeBackend().compile(graph.stages[0]!).describe();
    expect(text.split("\n")[0]).toBe("stage s0 (spmd-native)");
    expect(text).toMatch(/native \(C\+\+\): .*exchanges move rows over MPI/);
    expect(text).toMatch(/native \(C\+\+\): 2 operator\(s\) of this fragment.*\n {4,}native filter: fused filter \(one pass\)\n {6,}native scan arg0/);
  });

  it("warns once, on rank 0 only, when a Parquet source has fewer row groups than ranks", async () => {
    const dir = mkdtempSync(join(tmpdir(), "djx-spmd-rg-"));
    try {
      await writeParquet(trips, join(dir, "trips.parquet"));
      const source = await readParquet(join(dir, "trips.parquet"));
      const warnings: string[] = [];
      warnFewRowGroups(source, { rank: 1, size: 4 }, (m) => warnings.push(m));
      warnFewRowGroups(source, { rank: 0, size: 1 }, (m) => warnings.push(m));
      expect(warnings).toEqual([]);
      warnFewRowGroups(source, { rank: 0, size: 4 }, (m) => warnings.push(m));
      warnFewRowGroups(source, { rank: 0, size: 4 }, (m) => warnings.push(m));
      expect(warnings).toHaveLength(1);
      expect(warnings[0]).toMatch(/has 1 row group\(s\) for 4 ranks, so 3 rank\(s\) read none of it/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
