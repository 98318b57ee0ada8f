import { describe, expect, it } from "vitest";
import { optimizeWith, pushFilterThroughProject } from "../src/index.js";
import { and, col, explain, filter, gt, lines, lit, lt, rename, scan } from "./support/build.js";

describe("push_filter_through_project", () => {
  it("renames the predicate's columns back to the input's names", () => {
    const plan = filter(rename(scan("t", ["fare_amount:float64", "x:int32"]), [["fare_amount", "fare"]]), gt(col("fare"), lit(0)));
    expect(explain(optimizeWith([pushFilterThroughProject], plan))).toBe(
      lines("Project: fare_amount as fare", "  Filter: fare_amount > 0", "    Scan: t"),
    );
  });

  it("renames simultaneously (a swap)", () => {
    const plan = filter(rename(scan("t", ["a:int32", "b:int32"]), [["a", "b"], ["b", "a"]]), and(gt(col("a"), lit(1)), lt(col("b"), lit(2))));
    expect(explain(optimizeWith([pushFilterThroughProject], plan))).toBe(
      lines("Project: a as b, b as a", "  Filter: (b > 1) and (a < 2)", "    Scan: t"),
    );
  });
});
