import { describe, expect, it } from "vitest";
import { measureCeiling } from "../src/cases/two-core-ceiling-case.js";

describe("two_core_ceiling", () => {
  it("times one worker on the whole work and two on halves, and both halves do their share", async () => {
    for (const workload of ["compute", "stream"] as const) {
      const { one, two, checksums } = await measureCeiling(workload, 3, { repetitions: 20, streamRows: 80_000 });
      expect(one).toHaveLength(3);
      expect(two).toHaveLength(3);
      for (const ms of [...one, ...two]) expect(ms).toBeGreaterThan(0);
      // compute: 20 passes over the sum of (i % 13); stream: one per value.
      const perPass = Array.from({ length: 16_384 }, (_, i) => i % 13).reduce((a, b) => a + b, 0);
      expect(checksums).toEqual(workload === "compute" ? [20 * perPass, 20 * perPass] : [80_000, 80_000]);
    }
  });

  it("refuses sizes that do not split into exact halves", async () => {
    await expect(measureCeiling("compute", 1, { repetitions: 21, streamRows: 80 })).rejects.toThrow(/repetitions must be even/);
  });
});
