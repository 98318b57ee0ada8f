import type * as arrow from "apache-arrow";
import { describe, expect, it } from "vitest";
import { fromArrowSchema, JoinNode, ScanNode } from "@datajax/core-ir";
import { bigints, bools, floats, ints, strings, tableOf, timestamps } from "./arrow-vectors.js";
import { inBatches, run, scanOf } from "./plan-fixtures.js";

// Joins whose build (right) keys are unique and integral take the lookup path: one generated pass
// per probe batch finds the build row in a dense index and gathers the right columns. These cases
// pin it to the join's semantics; each expectation is computed here row by row.
const scanRight = (table: arrow.Table) => ScanNode.create({ kind: "argument", name: "r", uri: "memory:r", slot: 1 }, fromArrowSchema(table.schema));

const dimension = tableOf({
  key: ints([10, 11, 12, 14, 15]),
  score: floats([1.5, null, 3.5, 4.5, 5.5]),
  big: bigints([2 ** 40, -(2 ** 40), 7, 8, 9]),
  at: timestamps([1_700_000_000_000_000n, null, 1_700_000_000_000_001n, 3n, 4n]),
  flag: bools([true, false, null, true, false]),
  label: strings(["ten", "eleven", null, "fourteen", "fifteen"]),
});
const right = new Map<number, Record<string, unknown>>();
for (const r of dimension.toArray()) {
  const o = r.toJSON() as Record<string, unknown>;
  right.set(o["key"] as number, { score: o["score"], big: o["big"] === null ? null : Number(o["big"]), at: o["at"] === null ? null : Number(o["at"]), flag: o["flag"], label: o["label"] });
}

const probeKeys = [10, 12, null, 13, 15, 99, -4, 11, 14, 10, 12.5, 15];
const probe = inBatches(tableOf({ id: ints(probeKeys.map((_k, i) => i)), k: floats(probeKeys) }), 5);

function expected(how: "inner" | "left"): Record<string, unknown>[] {
  const out: Record<string, unknown>[] = [];
  probeKeys.forEach((k, id) => {
    const r = k === null ? undefined : right.get(k);
    if (r) out.push({ id, k, ...r });
    else if (how === "left") out.push({ id, k, score: null, big: null, at: null, flag: null, label: null });
  });
  return out;
}

describe("unique-key (lookup) joins", () => {
  for (const how of ["inner", "left"] as const) {
    it(`${how}: float probe keys into int build keys; nulls, misses and fractions never match; every right type gathered`, async () => {
      const rows = await run(JoinNode.create(scanOf(probe), scanRight(dimension), how, ["k"], ["key"]), probe, dimension);
      expect(rows.map((r) => ({ ...r }))).toEqual(expected(how));
    });
  }

  it("a probe where every row matches keeps the probe's rows in order", async () => {
    const all = tableOf({ id: ints([0, 1, 2, 3]), k: ints([15, 10, 14, 10]) });
    const rows = await run(JoinNode.create(scanOf(all), scanRight(dimension), "inner", ["k"], ["key"]), all, dimension);
    expect(rows.map((r) => [r["id"], r["score"], r["label"]])).toEqual([[0, 5.5, "fifteen"], [1, 1.5, "ten"], [2, 4.5, "fourteen"], [3, 1.5, "ten"]]);
  });

  it("duplicate build keys take the general path and give every match", async () => {
    const dup = tableOf({ key: ints([1, 1, 2]), v: ints([100, 101, 200]) });
    const left = tableOf({ k: ints([1, 2, 3]) });
    const rows = await run(JoinNode.create(scanOf(left), scanRight(dup), "left", ["k"], ["key"]), left, dup);
    expect(rows).toEqual([{ k: 1, v: 100 }, { k: 1, v: 101 }, { k: 2, v: 200 }, { k: 3, v: null }]);
  });
});
