import {
  AggregateNode,
  Expr,
  field,
  FilterNode,
  GroupByNode,
  LimitNode,
  MapNode,
  ProjectNode,
  ScanNode,
  schema,
  SortNode,
  t,
  type AggregateName,
  type DataType,
  type LiteralValue,
  type OpName,
  type PlanNode,
} from "@datajax/core-ir";

/** Small builders so golden tests read like the plans they describe. */
export const col = (name: string): Expr => Expr.column(name);
export const lit = (value: LiteralValue, type: DataType = typeof value === "boolean" ? t.bool : typeof value === "string" ? t.utf8() : t.int32): Expr =>
  Expr.literal(value, type);
export const call = (op: OpName, ...args: Expr[]): Expr => Expr.call(op, args);
export const gt = (a: Expr, b: Expr) => call("gt", a, b);
export const lt = (a: Expr, b: Expr) => call("lt", a, b);
export const eq = (a: Expr, b: Expr) => call("eq", a, b);
export const and = (a: Expr, b: Expr) => call("and", a, b);
export const or = (a: Expr, b: Expr) => call("or", a, b);
export const not = (a: Expr) => call("not", a);
export const add = (a: Expr, b: Expr) => call("add", a, b);
export const mul = (a: Expr, b: Expr) => call("mul", a, b);
export const div = (a: Expr, b: Expr) => call("div", a, b);

/** A Scan of an argument slot named `name` with columns `spec` (`"a:int32?"`: a trailing ? = nullable). */
export function scan(name: string, spec: string[], options: { columns?: string[]; filter?: Expr } = {}): ScanNode {
  const types: Record<string, DataType> = {
    int32: t.int32, int64: t.int64, float64: t.float64, bool: t.bool, utf8: t.utf8(), ts: t.timestamp("us"),
  };
  const fields = spec.map((s) => {
    const [n, ty] = s.split(":") as [string, string];
    const nullable = ty.endsWith("?");
    return field(n, types[ty.replace("?", "")]!, nullable);
  });
  return ScanNode.create({ kind: "argument", name, uri: `arg:${name}`, slot: 0 }, schema(fields), options);
}

export const filter = (input: PlanNode, p: Expr) => FilterNode.create(input, p);
export const map = (input: PlanNode, assignments: Record<string, Expr>) =>
  MapNode.create(input, Object.entries(assignments).map(([name, expr]) => ({ name, expr })));
export const select = (input: PlanNode, ...names: string[]) => ProjectNode.select(input, names);
export const rename = (input: PlanNode, columns: [from: string, name: string][]) =>
  ProjectNode.create(input, columns.map(([from, name]) => ({ from, name })));
export const sort = (input: PlanNode, ...columns: string[]) =>
  SortNode.create(input, columns.map((column) => ({ column, descending: false, nullsLast: true })));
export const limit = (input: PlanNode, count: number, offset = 0) => LimitNode.create(input, count, offset);
export const agg = (input: PlanNode, keys: string[], aggregates: Record<string, [AggregateName, string | null]>) =>
  AggregateNode.create(
    keys.length ? GroupByNode.create(input, keys) : input,
    Object.entries(aggregates).map(([name, [fn, arg]]) => ({ name, agg: Expr.aggregate(fn, arg === null ? null : Expr.column(arg)) })),
  );

/** explainTree, as golden tests compare it. */
export { explainTree as explain } from "@datajax/core-ir";
export const lines = (...ls: string[]) => ls.join("\n");

/** The taxi trips table of DESIGN.md §9 (19 columns, as in the NYC TLC yellow-taxi files). */
export function tripsScan(): ScanNode {
  return scan("trips", [
    "VendorID:int32?", "tpep_pickup_datetime:ts?", "tpep_dropoff_datetime:ts?", "passenger_count:int64?",
    "trip_distance:float64?", "RatecodeID:int64?", "store_and_fwd_flag:utf8?", "PULocationID:int32?",
    "DOLocationID:int32?", "payment_type:int64?", "fare_amount:float64?", "extra:float64?", "mta_tax:float64?",
    "tip_amount:float64?", "tolls_amount:float64?", "improvement_surcharge:float64?", "total_amount:float64?",
    "congestion_surcharge:float64?", "airport_fee:float64?",
  ]);
}
