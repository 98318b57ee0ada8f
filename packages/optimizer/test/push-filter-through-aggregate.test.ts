import { describe, expect, it } from "vitest";
import { optimizeWith, pushFilterThroughAggregate } from "../src/index.js";
import { agg, and, col, explain, filter, gt, lines, lit, scan } from "./support/build.js";

const s = () => scan("t", ["zone:int32", "fare:float64"]);

describe("push_filter_through_aggregate", () => {
  it("moves conjuncts over group keys below the GroupBy and keeps the rest above", () => {
    const plan = filter(agg(s(), ["zone"], { n: ["count", null] }), and(gt(col("zone"), lit(10)), gt(col("n"), lit(5))));
    expect(explain(optimizeWith([pushFilterThroughAggregate], plan))).toBe(
      lines("Filter: n > 5", "  Aggregate: n = count()", "    GroupBy: zone", "      Filter: zone > 10", "        Scan: t"),
    );
  });

  it("leaves a filter over a global aggregate alone", () => {
    const plan = filter(agg(s(), [], { n: ["count", null] }), gt(col("n"), lit(5)));
    expect(optimizeWith([pushFilterThroughAggregate], plan)).toBe(plan);
  });
});
