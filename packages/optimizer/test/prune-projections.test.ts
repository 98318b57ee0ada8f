import { CustomUdfNode, JoinNode, sameSchema, UnionNode, type PlanNode } from "@datajax/core-ir";
import { describe, expect, it } from "vitest";
import { optimizeWith, pruneProjections, removeNoopNodes } from "../src/index.js";
import { add, agg, call, col, div, explain, filter, gt, limit, lines, lit, map, rename, scan, select, sort } from "./support/build.js";

const wide = () => scan("t", ["a:int32", "b:int32", "c:float64", "d:utf8", "ts:ts", "e:bool"]);
const prune = (plan: PlanNode) => {
  const out = optimizeWith([pruneProjections, removeNoopNodes], plan);
  expect(sameSchema(out.schema, plan.schema)).toBe(true);
  return out;
};

describe("prune_projections", () => {
  it("narrows the scan below an aggregate and drops Map columns nobody reads", () => {
    const m = map(wide(), { hour: call("hour", col("ts")), unused: add(col("a"), col("b")) });
    const plan = agg(m, ["hour"], { s: ["sum", "c"] });
    expect(explain(prune(plan))).toBe(
      lines("Aggregate: s = sum(c)", "  GroupBy: hour", "    Map: hour = hour(ts)", "      Scan: t columns=[c, ts]"),
    );
  });

  it("keeps what filters and sorts read, and the columns the scan's own filter reads", () => {
    const s = scan("t", ["a:int32", "b:int32", "c:float64", "d:utf8", "ts:ts", "e:bool"], { filter: gt(col("b"), lit(0)) });
    const plan = select(sort(filter(s, gt(col("c"), lit(1.5, { id: "float64" }))), "d"), "a");
    expect(explain(prune(plan))).toBe(
      lines("Project: a", "  Sort: d", "    Filter: c > 1.5", "      Scan: t columns=[a, b, c, d] filter=b > 0"),
    );
  });

  it("never narrows what reaches the root: a Map over a scan keeps every column", () => {
    const plan = limit(map(wide(), { a: add(col("a"), lit(1)) }), 5);
    expect(prune(plan)).toBe(plan);
  });

  it("composes with renames and removes the Project that becomes the identity", () => {
    const plan = rename(wide(), [["c", "fare"], ["a", "id"]]);
    expect(explain(prune(plan))).toBe(lines("Project: c as fare, a as id", "  Scan: t columns=[a, c]"));
    expect(explain(prune(select(wide(), "a", "b")))).toBe("Scan: t columns=[a, b]");
  });

  it("drops aggregate outputs nobody reads, but keeps one", () => {
    const plan = select(agg(wide(), ["d"], { n: ["count", null], m: ["mean", "c"], x: ["max", "b"] }), "d", "m");
    expect(explain(prune(plan))).toBe(
      lines("Aggregate: m = mean(c)", "  GroupBy: d", "    Scan: t columns=[c, d]"),
    );
    const none = select(agg(wide(), ["d"], { n: ["count", null], m: ["mean", "c"] }), "d");
    expect(explain(prune(none))).toBe(lines("Project: d", "  Aggregate: n = count()", "    GroupBy: d", "      Scan: t columns=[d]"));
  });

  it("keeps at least one column for a count of rows", () => {
    expect(explain(prune(agg(wide(), [], { n: ["count", null] })))).toBe(lines("Aggregate: n = count()", "  Scan: t columns=[a]"));
  });

  it("narrows join sides without changing suffixed names", () => {
    const trips = scan("trips", ["id:int32", "fare:float64", "zone:utf8", "x:int32"]);
    const zones = scan("zones", ["id:int32", "zone:utf8", "borough:utf8"]);
    const plan = select(JoinNode.create(trips, zones, "inner", ["id"]), "fare", "zone_right");
    expect(explain(prune(plan))).toBe(
      lines("Project: fare, zone_right", "  Join: inner on id", "    Scan: trips columns=[id, fare, zone]", "    Scan: zones columns=[id, zone]"),
    );
  });

  it("gives every Union input the same ordered columns", () => {
    const u = UnionNode.create([scan("p", ["a:int32", "b:int32", "c:int32"]), rename(scan("q", ["c:int32", "b:int32", "z:int32"]), [["z", "a"], ["b", "b"], ["c", "c"]])]);
    const plan = agg(u, ["c"], { n: ["sum", "b"] });
    expect(explain(prune(plan))).toBe(
      lines(
        "Aggregate: n = sum(b)",
        "  GroupBy: c",
        "    Union: 2 inputs",
        "      Scan: p columns=[b, c]",
        "      Project: b, c",
        "        Scan: q columns=[c, b]",
      ),
    );
    // A union input that cannot be narrowed in order gets a Project that lines it up.
    const v = UnionNode.create([scan("p", ["a:int32", "b:int32", "c:int32"]), sort(scan("q", ["a:int32", "b:int32", "c:int32"]), "b")]);
    expect(explain(prune(select(v, "c", "a")))).toBe(
      lines(
        "Project: c, a",
        "  Union: 2 inputs",
        "    Scan: p columns=[a, c]",
        "    Project: a, c",
        "      Sort: b",
        "        Scan: q",
      ),
    );
  });

  it("treats a UDF's input as read in full", () => {
    const udf = CustomUdfNode.create(wide(), "f", "vectorized", ["a"], wide().schema);
    const plan = select(udf, "a");
    expect(explain(prune(plan))).toBe(lines("Project: a", "  CustomUDF: f vectorized reads=[a]", "    Scan: t"));
  });

  it("is idempotent: a pruned plan comes back as the same object", () => {
    const plan = agg(map(wide(), { r: div(col("c"), col("a")) }), ["d"], { m: ["mean", "r"] });
    const once = prune(plan);
    expect(optimizeWith([pruneProjections, removeNoopNodes], once)).toBe(once);
  });
});
