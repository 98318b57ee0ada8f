import { JoinNode, t, type JoinHow } from "@datajax/core-ir";
import { describe, expect, it } from "vitest";
import { optimizeWith, pushFilterThroughJoin } from "../src/index.js";
import { and, col, eq, explain, filter, gt, lines, lit, scan } from "./support/build.js";

const trips = () => scan("trips", ["id:int32", "fare:float64", "zone:utf8"]);
const zones = () => scan("zones", ["id:int32", "zone:utf8", "borough:utf8"]);
const join = (how: JoinHow) => JoinNode.create(trips(), zones(), how, ["id"]);
const predicate = and(and(gt(col("fare"), lit(0)), eq(col("zone_right"), lit("JFK"))), gt(col("id"), lit(5)));

describe("push_filter_through_join", () => {
  it("inner join: left conjuncts left, right conjuncts right (suffix removed), key conjuncts both", () => {
    expect(explain(optimizeWith([pushFilterThroughJoin], filter(join("inner"), predicate)))).toBe(
      lines(
        "Join: inner on id",
        "  Filter: (fare > 0) and (id > 5)",
        "    Scan: trips",
        "  Filter: (zone == \"JFK\") and (id > 5)",
        "    Scan: zones",
      ),
    );
  });

  it("left join: only left conjuncts move; right ones stay above the null-extended side", () => {
    expect(explain(optimizeWith([pushFilterThroughJoin], filter(join("left"), predicate)))).toBe(
      lines("Filter: zone_right == \"JFK\"", "  Join: left on id", "    Filter: (fare > 0) and (id > 5)", "      Scan: trips", "    Scan: zones"),
    );
  });

  it("full join: nothing moves", () => {
    const plan = filter(join("full"), predicate);
    expect(optimizeWith([pushFilterThroughJoin], plan)).toBe(plan);
  });

  it("keeps a conjunct on a key whose type the join widens", () => {
    const wide = scan("w", ["id:int64", "v:int32"]);
    const plan = filter(JoinNode.create(trips(), wide, "inner", ["id"]), gt(col("id"), lit(5)));
    expect(optimizeWith([pushFilterThroughJoin], plan)).toBe(plan);
    void t;
  });
});
