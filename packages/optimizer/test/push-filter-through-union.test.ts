import { UnionNode } from "@datajax/core-ir";
import { describe, expect, it } from "vitest";
import { optimizeWith, pushFilterThroughUnion } from "../src/index.js";
import { add, col, explain, filter, gt, lines, lit, scan } from "./support/build.js";

describe("push_filter_through_union", () => {
  it("filters every input", () => {
    const plan = filter(UnionNode.create([scan("a", ["x:int32"]), scan("b", ["x:int32"])]), gt(col("x"), lit(0)));
    expect(explain(optimizeWith([pushFilterThroughUnion], plan))).toBe(
      lines("Union: 2 inputs", "  Filter: x > 0", "    Scan: a", "  Filter: x > 0", "    Scan: b"),
    );
  });

  it("stays above when an input has a narrower type than the union's output", () => {
    const plan = filter(UnionNode.create([scan("a", ["x:int32"]), scan("b", ["x:int64"])]), gt(add(col("x"), lit(1)), lit(0)));
    expect(optimizeWith([pushFilterThroughUnion], plan)).toBe(plan);
  });
});
