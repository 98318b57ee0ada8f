import { AggregateNode, explainTree, Expr, field, FilterNode, GroupByNode, MapNode, ScanNode, schema, t } from "@datajax/core-ir";
import { expect, it } from "vitest";
import { optimize, optimizeWithTrace } from "../src/index.js";

it("the README example prints what the README says", () => {
  const col = Expr.column;
  const trips = ScanNode.create({ kind: "argument", name: "trips", uri: "arg:trips", slot: 0 }, schema([
    field("vendor", t.int32), field("ts", t.timestamp("us")), field("zone", t.int32), field("fare", t.float64),
    field("tip", t.float64), field("total", t.float64), field("notes", t.utf8()),
  ]));
  const plan = AggregateNode.create(
    GroupByNode.create(
      MapNode.create(FilterNode.create(trips, Expr.call("gt", [col("fare"), Expr.literal(0, t.int32)])), [
        { name: "hour", expr: Expr.call("hour", [col("ts")]) },
        { name: "tip_ratio", expr: Expr.call("div", [col("tip"), col("total")]) },
      ]),
      ["zone", "hour"],
    ),
    [{ name: "n", agg: Expr.aggregate("count", null) }, { name: "mean_tip_ratio", agg: Expr.aggregate("mean", col("tip_ratio")) }],
  );
  expect(explainTree(optimize(plan))).toBe(
    [
      "Aggregate: n = count(), mean_tip_ratio = mean(tip_ratio)",
      "  GroupBy: zone, hour",
      "    Map: hour = hour(ts), tip_ratio = tip / total",
      "      Scan: trips columns=[ts, zone, fare, tip, total] filter=fare > 0",
    ].join("\n"),
  );
  expect(optimizeWithTrace(plan).applied.map((a) => a.rule)).toEqual(["push_filter_into_scan", "prune_projections"]);
});
