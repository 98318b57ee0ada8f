import { describe, expect, it } from "vitest";
import { optimizeWith, pushFilterThroughMap } from "../src/index.js";
import { add, and, call, col, div, explain, filter, gt, lines, lit, lt, map, scan } from "./support/build.js";

const s = () => scan("t", ["fare:float64", "tip:float64", "total:float64", "ts:ts"]);

describe("push_filter_through_map", () => {
  it("moves a predicate that reads no Map-defined column below the Map", () => {
    const plan = filter(map(s(), { tip_ratio: div(col("tip"), col("total")) }), gt(col("fare"), lit(0)));
    expect(explain(optimizeWith([pushFilterThroughMap], plan))).toBe(
      lines("Map: tip_ratio = tip / total", "  Filter: fare > 0", "    Scan: t"),
    );
  });

  it("substitutes cheap Map columns and keeps conjuncts over expensive ones above", () => {
    const m = map(s(), { score: add(call("log", col("tip")), lit(1)), hour: call("hour", col("ts")) });
    const plan = filter(m, and(and(gt(col("fare"), lit(0)), gt(col("score"), lit(1))), lt(col("hour"), lit(6))));
    expect(explain(optimizeWith([pushFilterThroughMap], plan))).toBe(
      lines(
        "Filter: score > 1",
        "  Map: score = log(tip) + 1, hour = hour(ts)",
        "    Filter: (fare > 0) and (hour(ts) < 6)",
        "      Scan: t",
      ),
    );
  });

  it("reads the input's column, not the Map's, when a Map replaces it", () => {
    const plan = filter(map(s(), { fare: add(col("fare"), col("tip")) }), gt(col("fare"), lit(10)));
    expect(explain(optimizeWith([pushFilterThroughMap], plan))).toBe(
      lines("Map: fare = fare + tip", "  Filter: (fare + tip) > 10", "    Scan: t"),
    );
  });

  it("leaves a filter over an expensive column alone", () => {
    const plan = filter(map(s(), { score: add(call("log", col("tip")), lit(1)) }), gt(col("score"), lit(1)));
    expect(optimizeWith([pushFilterThroughMap], plan)).toBe(plan);
  });
});
