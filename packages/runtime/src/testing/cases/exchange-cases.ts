import { AggregateNode, Expr, FilterNode, GroupByNode, JoinNode, LimitNode, MapNode, ProjectNode, Sharding, SortNode, t } from "@datajax/core-ir";
import type { ConformanceCase } from "../conformance-case.js";
import { argumentScan, singleStage, StageGraphBuilder } from "../stage-graph-builder.js";
import { float64s, inBatches, int32s, tableOf, utf8s } from "./case-columns.js";
import { agg, call, col, lit } from "./case-expressions.js";
import { referenceGlobalAggregate, referenceGroupBy, referenceJoin, rowsOfColumns } from "./reference-semantics.js";

// Multi-stage graphs cut at exchanges, as the planner builds them, run at 1, 2 and 4 ranks: block
// scans, hash shuffles, broadcasts (replicated), gathers, two-phase aggregation, shuffle and
// broadcast joins, a hash-sharded argument. The result is the same whatever the rank count.

const tripColumns = {
  zone: [1, 2, 3, 1, 2, null, 4, 1, 3, 3, 2, 1, null, 5, 4, 2],
  fare: [10, 7.5, null, 12, 3, 8, 20, -1, 15, 4.5, 9, 11, 6, 30, null, 2],
  pay: ["card", "cash", "card", "card", null, "cash", "card", "cash", "card", "card", "cash", "card", "card", null, "cash", "card"],
};
const trips = inBatches(tableOf({ zone: int32s(tripColumns.zone), fare: float64s(tripColumns.fare), pay: utf8s(tripColumns.pay) }), 3);
const tripRows = rowsOfColumns(tripColumns);

const zoneColumns = { zone_id: [1, 2, 3, 6, null], borough: ["Bronx", "Queens", "Queens", "Staten", "Unknown"] };
const zones = inBatches(tableOf({ zone_id: int32s(zoneColumns.zone_id), borough: utf8s(zoneColumns.borough) }), 2);
const zoneRows = rowsOfColumns(zoneColumns);

const blockTrips = () => argumentScan(0, trips, { sharding: Sharding.block() });

/** count() and mean(fare) per zone, two-phase: partials per rank, hash exchange on zone, finals. */
function twoPhaseGroupedMean() {
  const g = new StageGraphBuilder();
  const partial = g.stage(
    AggregateNode.create(GroupByNode.create(blockTrips(), ["zone"]), [agg("__p0_n", "count", null), agg("__p1_s", "sum", "fare"), agg("__p1_n", "count", "fare")]),
    Sharding.hash(["zone"]),
  );
  const final = AggregateNode.create(GroupByNode.create(partial, ["zone"]), [agg("trips", "sum", "__p0_n"), agg("__f1_s", "sum", "__p1_s"), agg("__f1_n", "sum", "__p1_n")]);
  const restored = MapNode.create(final, [
    { name: "trips", expr: call("fill_null", col("trips"), lit(0, t.int64)) },
    { name: "mean_fare", expr: call("div", Expr.call("cast", [col("__f1_s")], { to: t.float64 }), col("__f1_n")) },
  ]);
  return g.output(ProjectNode.select(restored, ["zone", "trips", "mean_fare"]));
}

/** Filter per rank, shuffle on zone, then non-decomposable aggregates on co-located groups. */
function shuffleThenAggregate() {
  const g = new StageGraphBuilder();
  const moved = g.stage(FilterNode.create(blockTrips(), call("gt", col("fare"), lit(0, t.float64))), Sharding.hash(["zone"]));
  return g.output(AggregateNode.create(GroupByNode.create(moved, ["zone"]), [agg("kinds", "count_distinct", "pay"), agg("low", "min", "fare"), agg("high", "max", "fare"), agg("var", "var", "fare")]));
}

/** Both sides hash-shuffled on the join keys, then joined rank by rank. */
function shuffleJoin() {
  const g = new StageGraphBuilder();
  const l = g.stage(blockTrips(), Sharding.hash(["zone"]));
  const r = g.stage(argumentScan(1, zones, { sharding: Sharding.block() }), Sharding.hash(["zone_id"]));
  return g.output(JoinNode.create(l, r, "left", ["zone"], ["zone_id"]));
}

/** The small side copied to every rank (replicated), joined with each rank's block of trips. */
function broadcastJoin() {
  const g = new StageGraphBuilder();
  const r = g.stage(argumentScan(1, zones, { sharding: Sharding.replicated() }), Sharding.replicated());
  return g.output(JoinNode.create(blockTrips(), r, "inner", ["zone"], ["zone_id"]));
}

/** Rows gathered to every rank, then sorted and cut (a top-k). */
function gatherSortLimit() {
  const g = new StageGraphBuilder();
  const all = g.stage(FilterNode.create(blockTrips(), call("is_not_null", col("fare"))), Sharding.replicated());
  return g.output(LimitNode.create(SortNode.create(all, [{ column: "fare", descending: true, nullsLast: true }]), 3));
}

/** A global aggregate in two phases: partial count and sum per rank, gathered, summed. */
function twoPhaseGlobal() {
  const g = new StageGraphBuilder();
  const partial = g.stage(AggregateNode.create(blockTrips(), [agg("__p0_n", "count", null), agg("__p1_s", "sum", "fare")]), Sharding.replicated());
  const final = AggregateNode.create(partial, [agg("__f0_n", "sum", "__p0_n"), agg("total", "sum", "__p1_s")]);
  return g.output(ProjectNode.select(MapNode.create(final, [{ name: "trips", expr: call("fill_null", col("__f0_n"), lit(0, t.int64)) }]), ["trips", "total"]));
}

const faresDescending = tripRows.filter((r) => r.fare !== null).sort((a, b) => (b.fare as number) - (a.fare as number));

const shapes: readonly ConformanceCase[] = [
  {
    id: "exchange/two-phase-grouped-aggregate",
    description: "count() and mean(fare) by zone as partial aggregates, a hash exchange on zone, final aggregates and the mean restored",
    inputs: [trips],
    graph: twoPhaseGroupedMean(),
    expected: referenceGroupBy(tripRows, ["zone"], [{ name: "trips", fn: "count", column: null }, { name: "mean_fare", fn: "mean", column: "fare" }]),
    ordered: false,
    features: ["exchange", "hash", "aggregate", "nulls"],
  },
  {
    id: "exchange/shuffle-then-aggregate",
    description: "a filter on each rank's block, a hash shuffle, then count_distinct, min, max, var per zone",
    inputs: [trips],
    graph: shuffleThenAggregate(),
    expected: referenceGroupBy(tripRows.filter((r) => r.fare !== null && (r.fare as number) > 0), ["zone"], [
      { name: "kinds", fn: "count_distinct", column: "pay" }, { name: "low", fn: "min", column: "fare" }, { name: "high", fn: "max", column: "fare" }, { name: "var", fn: "var", column: "fare" },
    ]),
    ordered: false,
    features: ["exchange", "hash", "aggregate"],
  },
  {
    id: "exchange/shuffle-join",
    description: "both sides hash-shuffled on the keys, then a left join on each rank (null keys kept unmatched)",
    inputs: [trips, zones],
    graph: shuffleJoin(),
    expected: referenceJoin(tripRows, zoneRows, { how: "left", leftOn: ["zone"], rightOn: ["zone_id"], leftColumns: Object.keys(tripColumns), rightColumns: Object.keys(zoneColumns) }),
    ordered: false,
    features: ["exchange", "hash", "join"],
  },
  {
    id: "exchange/broadcast-join",
    description: "the right side replicated to every rank and inner-joined with each rank's block",
    inputs: [trips, zones],
    graph: broadcastJoin(),
    expected: referenceJoin(tripRows, zoneRows, { how: "inner", leftOn: ["zone"], rightOn: ["zone_id"], leftColumns: Object.keys(tripColumns), rightColumns: Object.keys(zoneColumns) }),
    ordered: false,
    features: ["exchange", "replicated", "join"],
  },
  {
    id: "exchange/gather-sort-limit",
    description: "rows gathered to every rank, sorted by fare descending and cut to three (one copy in the result)",
    inputs: [trips],
    graph: gatherSortLimit(),
    expected: faresDescending.slice(0, 3),
    ordered: true,
    features: ["exchange", "replicated", "sort", "limit"],
  },
  {
    id: "exchange/two-phase-global-aggregate",
    description: "a global count and sum as partials per rank, gathered and summed once",
    inputs: [trips],
    graph: twoPhaseGlobal(),
    expected: referenceGlobalAggregate(tripRows, [{ name: "trips", fn: "count", column: null }, { name: "total", fn: "sum", column: "fare" }]),
    ordered: false,
    features: ["exchange", "replicated", "aggregate"],
  },
  {
    id: "exchange/hash-sharded-argument",
    description: "an argument declared hash-sharded on zone: each rank reads its zones, and a grouped count needs no exchange",
    inputs: [trips],
    graph: singleStage(AggregateNode.create(GroupByNode.create(argumentScan(0, trips, { sharding: Sharding.hash(["zone"]) }), ["zone"]), [agg("trips", "count", null), agg("total", "sum", "fare")])),
    expected: referenceGroupBy(tripRows, ["zone"], [{ name: "trips", fn: "count", column: null }, { name: "total", fn: "sum", column: "fare" }]),
    ordered: false,
    features: ["hash", "aggregate"],
  },
];

/** The rank counts every exchange case runs at. */
export const EXCHANGE_RANKS: readonly number[] = [1, 2, 4];

export const exchangeCases: readonly ConformanceCase[] = shapes.flatMap((c) => EXCHANGE_RANKS.map((ranks): ConformanceCase => ({ ...c, ranks })));
