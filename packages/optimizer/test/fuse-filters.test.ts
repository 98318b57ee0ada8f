import { describe, expect, it } from "vitest";
import { fuseFilters, optimizeWith } from "../src/index.js";
import { col, explain, filter, gt, limit, lines, lit, lt, scan } from "./support/build.js";

describe("fuse_filters", () => {
  it("merges a chain of filters into one predicate, innermost first", () => {
    const s = scan("t", ["a:int32", "b:int32"]);
    const plan = filter(filter(filter(s, gt(col("a"), lit(0))), lt(col("b"), lit(5))), gt(col("b"), col("a")));
    expect(explain(optimizeWith([fuseFilters], plan))).toBe(lines("Filter: ((a > 0) and (b < 5)) and (b > a)", "  Scan: t"));
  });

  it("does not merge across a Limit", () => {
    const s = scan("t", ["a:int32"]);
    const plan = filter(limit(filter(s, gt(col("a"), lit(0))), 10), lt(col("a"), lit(5)));
    expect(optimizeWith([fuseFilters], plan)).toBe(plan);
  });
});
