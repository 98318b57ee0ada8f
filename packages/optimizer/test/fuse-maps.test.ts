import { sameSchema } from "@datajax/core-ir";
import { describe, expect, it } from "vitest";
import { fuseMaps, optimizeWith } from "../src/index.js";
import { add, call, col, explain, lines, lit, map, mul, scan } from "./support/build.js";

const s = () => scan("t", ["fare:float64", "tip:float64", "ts:ts"]);

describe("fuse_maps", () => {
  it("substitutes inner columns the outer Map replaces, and keeps the column order", () => {
    const inner = map(s(), { usd: mul(col("fare"), lit(0.9, { id: "float64" })), tz: lit("UTC") });
    const plan = map(inner, { usd: add(col("usd"), col("tip")), hour: call("hour", col("ts")) });
    const out = optimizeWith([fuseMaps], plan);
    expect(explain(out)).toBe(lines("Map: usd = (fare * 0.9) + tip, tz = \"UTC\", hour = hour(ts)", "  Scan: t"));
    expect(sameSchema(out.schema, plan.schema)).toBe(true);
  });

  it("fuses when the outer Map reads a trivial inner column several times", () => {
    const plan = map(map(s(), { f: col("fare") }), { g: add(col("f"), col("f")), fare: lit(1.5, { id: "float64" }) });
    const out = optimizeWith([fuseMaps], plan);
    expect(explain(out)).toBe(lines("Map: f = fare, g = fare + fare, fare = 1.5", "  Scan: t"));
    expect(sameSchema(out.schema, plan.schema)).toBe(true);
  });

  it("replaces an input column in the outer Map in place", () => {
    const plan = map(map(s(), { n: lit(1) }), { fare: mul(col("fare"), lit(2)), m: lit(2) });
    const out = optimizeWith([fuseMaps], plan);
    expect(explain(out)).toBe(lines("Map: n = 1, fare = fare * 2, m = 2", "  Scan: t"));
    expect(out.schema.fields.map((f) => f.name)).toEqual(["fare", "tip", "ts", "n", "m"]);
  });

  it("does not fuse when an expensive inner column would be computed twice", () => {
    const plan = map(map(s(), { z: add(col("fare"), col("tip")) }), { y: mul(col("z"), lit(2)) });
    expect(optimizeWith([fuseMaps], plan)).toBe(plan);
  });
});
