import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { runReadmeExample } from "../../../test-support/run-readme-example.js";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");

describe("README", () => {
  it("the example runs and prints what it says", async () => {
    const printed = (await runReadmeExample(join(root, "README.md"), { resolveFrom: "transforms", name: "transforms" })).map((args) => args[0]);
    const rows = printed[0] as Record<string, unknown>[];
    expect(rows).toHaveLength(2);
    expect(rows).toEqual(
      expect.arrayContaining([
        { PULocationID: 1, hour: 5, trips: 2n, mean_fare: 15, mean_tip_ratio: (1 / 11 + 4 / 24) / 2 },
        { PULocationID: 2, hour: 6, trips: 1n, mean_fare: 4, mean_tip_ratio: 0.2 },
      ]),
    );
    expect(String(printed[1])).toMatch(/^# ir\n/);
    expect(printed[2]).toBe("cache miss for featurize: static argument 1 (minFare) differs: 0 → 5 (compared with the nearest of 1 cached signature).");
  });
});
