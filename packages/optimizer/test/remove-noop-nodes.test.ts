import { RepartitionNode, Sharding, SortNode, UnionNode } from "@datajax/core-ir";
import { describe, expect, it } from "vitest";
import { optimizeWith, removeNoopNodes } from "../src/index.js";
import { add, col, explain, filter, limit, lines, lit, map, scan, select } from "./support/build.js";

const s = () => scan("t", ["a:int32", "b:int32"]);
const run = (plan: Parameters<typeof explain>[0]) => optimizeWith([removeNoopNodes], plan);

describe("remove_noop_nodes", () => {
  it("drops Filter(true), identity Projects, identity Map assignments, key-less sorts and one-input unions", () => {
    const plan = UnionNode.create([SortNode.create(select(filter(map(s(), { a: col("a"), c: add(col("b"), lit(1)) }), lit(true)), "a", "b", "c"), [])]);
    expect(explain(run(plan))).toBe(lines("Map: c = b + 1", "  Scan: t"));
  });

  it("keeps a Project that reorders or renames", () => {
    const plan = select(s(), "b", "a");
    expect(run(plan)).toBe(plan);
  });

  it("merges stacked limits", () => {
    expect(explain(run(limit(limit(s(), 10, 1), 5, 2)))).toBe(lines("Limit: 5 offset 3", "  Scan: t"));
    expect(explain(run(limit(limit(s(), 3, 1), 5, 2)))).toBe(lines("Limit: 1 offset 3", "  Scan: t"));
    expect(explain(run(limit(limit(s(), 3), 5, 4)))).toBe(lines("Limit: 0 offset 4", "  Scan: t"));
  });

  it("drops a non-strict repartition to the sharding the input already has, never a strict one", () => {
    const hashed = RepartitionNode.create(s(), Sharding.hash(["a"]), true);
    expect(explain(run(RepartitionNode.create(hashed, Sharding.hash(["a"]))))).toBe(lines("Repartition: @hash(a) strict @hash(a)", "  Scan: t"));
    const strict = RepartitionNode.create(hashed, Sharding.hash(["a"]), true);
    expect(run(strict)).toBe(strict);
  });
});
