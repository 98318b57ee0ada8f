import { JoinNode } from "@datajax/core-ir";
import { describe, expect, it } from "vitest";
import { optimizeWith, preAggregateBeforeJoin } from "../src/index.js";
import { agg, explain, lines, scan } from "./support/build.js";

const trips = () => scan("trips", ["zone:int32", "fare:float64", "tip:float64"]);
const zones = () => scan("zones", ["LocationID:int32", "borough:utf8"]);
const joined = (how: "inner" | "left" = "inner") => JoinNode.create(trips(), zones(), how, ["zone"], ["LocationID"]);

describe("pre_aggregate_before_join", () => {
  it("aggregates the left side per group and join key before an inner join", () => {
    const plan = agg(joined(), ["borough"], { n: ["count", null], fare: ["sum", "fare"], tip: ["mean", "tip"] });
    expect(explain(optimizeWith([preAggregateBeforeJoin], plan))).toBe(
      lines(
        "Project: borough, n, fare, tip",
        "  Map: n = fill_null(__pj0_n, 0), tip = cast[float64](__pj2_s) / __pj2_n",
        "    Aggregate: __pj0_n = sum(__pa0_n), fare = sum(__pa1_s), __pj2_s = sum(__pa2_s), __pj2_n = sum(__pa2_n)",
        "      GroupBy: borough",
        "        Join: inner on zone = LocationID",
        "          Aggregate: __pa0_n = count(), __pa1_s = sum(fare), __pa2_s = sum(tip), __pa2_n = count(tip)",
        "            GroupBy: zone",
        "              Scan: trips",
        "          Scan: zones",
      ),
    );
  });

  it("keeps left group keys in the partial", () => {
    const plan = agg(joined(), ["zone", "borough"], { fare: ["max", "fare"] });
    expect(explain(optimizeWith([preAggregateBeforeJoin], plan))).toBe(
      lines(
        "Project: zone, borough, fare",
        "  Aggregate: fare = max(__pa0_v)",
        "    GroupBy: zone, borough",
        "      Join: inner on zone = LocationID",
        "        Aggregate: __pa0_v = max(fare)",
        "          GroupBy: zone",
        "            Scan: trips",
        "        Scan: zones",
      ),
    );
  });

  it("leaves outer joins, aggregates that do not split, and aggregates over right columns alone", () => {
    for (const plan of [
      agg(joined("left"), ["borough"], { n: ["count", null] }),
      agg(joined(), ["borough"], { f: ["first", "fare"] }),
      agg(joined(), ["borough"], { s: ["std", "fare"] }),
      agg(joined(), ["zone"], { b: ["max", "borough"] }),
    ]) {
      expect(optimizeWith([preAggregateBeforeJoin], plan)).toBe(plan);
    }
  });
});
