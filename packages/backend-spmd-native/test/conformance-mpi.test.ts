import { existsSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { conformanceCases, conformanceTestName } from "@datajax/runtime/testing";
import { describe, expect, it } from "vitest";
import { runUnderMpirun } from "./mpi/run-under-mpirun.js";

// The conformance kit under a real mpirun, one process per rank, on the built package (dist/,
// what `pnpm --filter @datajax/backend-spmd-native build` makes; nx builds it before testing).
const packageRoot = join(dirname(fileURLToPath(import.meta.url)), "..");
const runner = join(packageRoot, "test", "mpi", "run-conformance.mjs");

interface Summary {
  readonly size: number;
  readonly resourceAgrees: boolean;
  readonly cases: number;
  readonly passed: readonly string[];
  readonly refused: readonly string[];
  readonly failed: readonly { readonly id: string; readonly message: string }[];
}

describe("conformance under mpirun (spmd-native, one process per rank)", () => {
  for (const ranks of [1, 2, 4]) {
    it(`every ${ranks}-rank case returns the expected rows, with each rank holding the local backend's rows`, async () => {
      expect(existsSync(join(packageRoot, "dist", "index.js")), "build the package first: pnpm --filter @datajax/backend-spmd-native build").toBe(true);
      const r = await runUnderMpirun(ranks, runner);
      expect(r.code, r.stderr).toBe(0);
      const summary = JSON.parse(r.stdout.trim().split("\n").at(-1)!) as Summary;
      const wanted = conformanceCases.filter((c) => (c.ranks ?? 1) === ranks).map(conformanceTestName);
      expect(summary.size).toBe(ranks);
      expect(summary.resourceAgrees, "Resource.fromMpi() disagrees with the MPI world").toBe(true);
      expect(summary.failed.map((f) => `${f.id}: ${f.message}`)).toEqual([]);
      expect(summary.refused).toEqual([]);
      expect([...summary.passed].sort()).toEqual([...wanted].sort());
      expect(wanted.length).toBeGreaterThan(0);
    });
  }

  it("a pjit pipeline over Resource.fromMpi() returns the same rows on 2 ranks as in a world of one (the README recipe)", async () => {
    const script = join(packageRoot, "test", "mpi", "pjit-per-zone.mjs");
    const [one, two] = [await runUnderMpirun(1, script), await runUnderMpirun(2, script)];
    expect(one.code, one.stderr).toBe(0);
    expect(two.code, two.stderr).toBe(0);
    const rows = (out: string) => JSON.parse(out.trim().split("\n").at(-1)!) as { zone: number; n: number }[];
    expect(rows(two.stdout)).toEqual(rows(one.stdout));
    expect(rows(one.stdout).map((r) => r.zone)).toEqual([0, 1, 2, 3, 4]);
    expect(rows(one.stdout).reduce((n, r) => n + r.n, 0)).toBe(769); // fare = i % 13 over 1,000 rows; fare > 2 drops 231 of them
  });
});
