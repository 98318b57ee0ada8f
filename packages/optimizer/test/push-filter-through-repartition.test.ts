import { RepartitionNode, Sharding } from "@datajax/core-ir";
import { describe, expect, it } from "vitest";
import { optimizeWith, pushFilterThroughRepartition } from "../src/index.js";
import { col, explain, filter, gt, lines, lit, scan } from "./support/build.js";

describe("push_filter_through_repartition", () => {
  it("filters before the exchange, keeping a strict repartition strict", () => {
    const plan = filter(RepartitionNode.create(scan("t", ["a:int32", "k:int32"]), Sharding.hash(["k"]), true), gt(col("a"), lit(0)));
    expect(explain(optimizeWith([pushFilterThroughRepartition], plan))).toBe(
      lines("Repartition: @hash(k) strict @hash(k)", "  Filter: a > 0", "    Scan: t"),
    );
  });
});
