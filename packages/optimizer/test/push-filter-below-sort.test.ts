import { describe, expect, it } from "vitest";
import { optimizeWith, pushFilterBelowSort } from "../src/index.js";
import { col, explain, filter, gt, limit, lines, lit, scan, sort } from "./support/build.js";

describe("push_filter_below_sort", () => {
  it("filters before sorting", () => {
    const plan = filter(sort(scan("t", ["a:int32", "b:int32"]), "b"), gt(col("a"), lit(0)));
    expect(explain(optimizeWith([pushFilterBelowSort], plan))).toBe(lines("Sort: b", "  Filter: a > 0", "    Scan: t"));
  });

  it("does not move a filter below a Limit under the sort (top-k is not filter-commutative)", () => {
    const plan = filter(limit(sort(scan("t", ["a:int32"]), "a"), 3), gt(col("a"), lit(0)));
    expect(optimizeWith([pushFilterBelowSort], plan)).toBe(plan);
  });
});
