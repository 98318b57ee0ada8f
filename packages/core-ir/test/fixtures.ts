import {
  AggregateNode,
  CustomUdfNode,
  Expr,
  FilterNode,
  GroupByNode,
  JoinNode,
  LimitNode,
  MapNode,
  ProjectNode,
  RepartitionNode,
  ScanNode,
  Sharding,
  SortNode,
  UnionNode,
  field,
  schema,
  t,
  type CallOptions,
  type Expr as ExprT,
  type OpName,
  type PlanNode,
  type Schema,
} from "../src/index.js";

export const col = Expr.column;
export const lit = Expr.literal;
export const call = (op: OpName, args: ExprT[], options?: CallOptions) => Expr.call(op, args, options);
const f64 = (v: number) => lit(v, t.float64);

export const TRIPS: Schema = schema([
  field("PULocationID", t.int32, false),
  field("tpep_pickup_datetime", t.timestamp("us")),
  field("fare_amount", t.float64),
  field("trip_distance", t.float64),
  field("tip_amount", t.float64),
  field("total_amount", t.float64),
]);

export const argScan = (s: Schema = TRIPS, sharding: Sharding = Sharding.single, name = "trips", slot = 0) =>
  ScanNode.create({ kind: "argument", name, uri: `arg:${slot}`, slot }, s, { sharding });

/** One assignment per expression form the IR has (each literal kind, infix, prefix, function, options, variadic). */
export const EVERY_EXPR: readonly { name: string; expr: ExprT }[] = [
  { name: "e_col", expr: col("fare_amount") },
  { name: "e_null", expr: lit(null, t.float64) },
  { name: "e_bool", expr: lit(true, t.bool) },
  { name: "e_int", expr: lit(-3, t.int32) },
  { name: "e_float", expr: f64(2) },
  { name: "e_frac", expr: f64(0.25) },
  { name: "e_big", expr: lit(9007199254740993n, t.int64) },
  { name: "e_ubig", expr: lit(18446744073709551615n, t.uint64) },
  { name: "e_str", expr: lit('say "hi"\n', t.utf8()) },
  { name: "e_dict", expr: lit("x", t.utf8(true)) },
  { name: "e_date", expr: lit(19723, t.date32) },
  { name: "e_ts", expr: lit(1_700_000_000_000_000n, t.timestamp("us", "UTC")) },
  { name: "e_nan", expr: f64(Number.NaN) },
  { name: "e_inf", expr: f64(Number.POSITIVE_INFINITY) },
  { name: "e_ninf", expr: f64(Number.NEGATIVE_INFINITY) },
  { name: "e_negzero", expr: f64(-0) },
  { name: "e_infix", expr: call("add", [col("fare_amount"), call("mul", [col("tip_amount"), f64(2)])]) },
  { name: "e_neg", expr: call("neg", [col("fare_amount")]) },
  { name: "e_not", expr: call("not", [call("is_null", [col("fare_amount")])]) },
  { name: "e_cast", expr: call("cast", [col("fare_amount")], { to: t.int64 }) },
  { name: "e_cast_ts", expr: call("cast", [col("PULocationID")], { to: t.timestamp("ms", "Europe/Paris") }) },
  { name: "e_cast_dict", expr: call("cast", [col("PULocationID")], { to: t.utf8(true) }) },
  { name: "e_round", expr: call("round", [col("fare_amount")], { decimals: 2 }) },
  { name: "e_coalesce", expr: call("coalesce", [col("fare_amount"), col("tip_amount"), f64(0)]) },
  { name: "e_if", expr: call("if_else", [call("gt", [col("fare_amount"), f64(0)]), lit("paid", t.utf8()), lit(null, t.null)]) },
  { name: "e_hour", expr: call("hour", [col("tpep_pickup_datetime")]) },
];

/**
 * A plan with one node of every kind and every expression form; `rep` is a shared subplan
 * (it feeds both the join's left side and the aggregate), and the union reads `proj` twice.
 */
export function everyKindPlan(): PlanNode {
  const base = ScanNode.create({ kind: "parquet", name: "taxi", uri: "data/taxi.parquet" }, TRIPS, {
    columns: ["PULocationID", "fare_amount", "tip_amount", "tpep_pickup_datetime"],
    filter: call("gt", [col("fare_amount"), f64(0)]),
    sharding: Sharding.block(),
  });
  const mapped = MapNode.create(base, EVERY_EXPR);
  const filtered = FilterNode.create(mapped, call("is_not_null", [col("tip_amount")]));
  const rep = RepartitionNode.create(filtered, Sharding.hash(["PULocationID"]), true);
  const agg = AggregateNode.create(GroupByNode.create(rep, ["PULocationID"]), [
    { name: "n", agg: Expr.aggregate("count", null) },
    { name: "fare", agg: Expr.aggregate("sum", call("mul", [col("fare_amount"), f64(1.5)])) },
  ]);
  const joined = JoinNode.create(rep, agg, "left", ["PULocationID"], ["PULocationID"], "_agg");
  const udf = CustomUdfNode.create(joined, "bucket", "row", ["fare_amount", "n"], schema([field("PULocationID", t.int32, false), field("bucket", t.int8)]));
  const proj = ProjectNode.create(udf, [{ name: "zone", from: "PULocationID" }, { name: "bucket", from: "bucket" }]);
  const union = UnionNode.create([proj, proj]);
  const sorted = SortNode.create(union, [
    { column: "zone", descending: true, nullsLast: false },
    { column: "bucket", descending: false, nullsLast: true },
  ]);
  return LimitNode.create(sorted, 100, 10);
}
