import {
  AggregateNode,
  Expr,
  field,
  FilterNode,
  GroupByNode,
  isNumeric,
  JoinNode,
  UnionNode,
  type JoinHow,
  LimitNode,
  MapNode,
  ProjectNode,
  ScanNode,
  schema,
  SortNode,
  t,
  type DataType,
  type Field,
  type NamedAggregate,
  type OpName,
  type PlanNode,
  type Schema,
} from "@datajax/core-ir";

/**
 * Deterministic choices read from a tape of numbers fast-check generates (and shrinks toward 0,
 * i.e. toward the first option of every choice: short, simple plans).
 */
export class Choices {
  private i = 0;
  constructor(private readonly tape: readonly number[]) {}
  int(n: number): number {
    if (n <= 1) return 0;
    const v = this.tape.length ? this.tape[this.i++ % this.tape.length]! : 0;
    return v % n;
  }
  pick<T>(xs: readonly T[]): T {
    return xs[this.int(xs.length)]!;
  }
  chance(percent: number): boolean {
    return this.int(100) < percent;
  }
}

export type ColumnType = "int32" | "int64" | "float64" | "bool" | "utf8";
const TYPES: Record<ColumnType, DataType> = { int32: t.int32, int64: t.int64, float64: t.float64, bool: t.bool, utf8: t.utf8() };

export interface RandomTable {
  readonly columns: readonly { name: string; type: ColumnType; nullable: boolean }[];
  /** Row-major values (int64 as number; the table builder converts). */
  readonly rows: readonly (readonly (number | boolean | string | null)[])[];
}

/** A random schema (c0 is always an int32, so there is something to compute with) and rows with nulls. */
export function randomTable(c: Choices): RandomTable {
  const n = 2 + c.int(4);
  const columns = Array.from({ length: n }, (_, i) => ({
    name: `c${i}`,
    type: i === 0 ? ("int32" as const) : c.pick<ColumnType>(["int32", "float64", "bool", "utf8", "int64"]),
    nullable: c.chance(60),
  }));
  const rowCount = c.int(10);
  const value = (type: ColumnType, nullable: boolean): number | boolean | string | null => {
    if (nullable && c.chance(20)) return null;
    switch (type) {
      case "int32":
      case "int64":
        return c.int(7) - 3;
      case "float64":
        return c.pick([-1.5, 0, 0.5, 2, 3.25]);
      case "bool":
        return c.chance(50);
      case "utf8":
        return c.pick(["a", "b", "", "ab"]);
    }
  };
  const rows = Array.from({ length: rowCount }, () => columns.map((col) => value(col.type, col.nullable)));
  return { columns, rows };
}

export function tableSchema(table: RandomTable): Schema {
  return schema(table.columns.map((col) => field(col.name, TYPES[col.type], col.nullable)));
}

export function scanOf(table: RandomTable): ScanNode {
  return ScanNode.create({ kind: "argument", name: "t", uri: "arg:t", slot: 0 }, tableSchema(table));
}

const numericFields = (s: Schema) => s.fields.filter((f) => isNumeric(f.type));
const fieldsOf = (s: Schema, id: string) => s.fields.filter((f) => f.type.id === id);

function numericExpr(c: Choices, s: Schema, depth: number): Expr {
  const nums = numericFields(s);
  const choice = c.int(depth <= 0 ? 3 : 6);
  if (choice === 0 && nums.length) return Expr.column(c.pick(nums).name);
  if (choice <= 1) return c.chance(80) ? Expr.literal(c.int(7) - 3, t.int32) : Expr.literal(null, t.int32);
  if (choice === 2) return Expr.literal(c.pick([0.5, -2.0, 1.0]), t.float64);
  const op = c.pick<OpName>(["add", "sub", "mul", "add", "floordiv", "div"]);
  return Expr.call(op, [numericExpr(c, s, depth - 1), numericExpr(c, s, depth - 1)]);
}

function boolExpr(c: Choices, s: Schema, depth: number): Expr {
  const bools = fieldsOf(s, "bool");
  const strings = fieldsOf(s, "utf8");
  const choice = c.int(depth <= 0 ? 5 : 9);
  switch (choice) {
    case 0:
      return bools.length ? Expr.column(c.pick(bools).name) : Expr.literal(c.chance(50), t.bool);
    case 1:
      return Expr.literal(c.pick([true, false, null]), t.bool);
    case 2:
    case 3: {
      const op = c.pick<OpName>(["gt", "lt", "eq", "neq", "gte", "lte"]);
      return Expr.call(op, [numericExpr(c, s, depth - 1), numericExpr(c, s, depth - 1)]);
    }
    case 4: {
      const f = c.pick(s.fields);
      if (strings.length && c.chance(30)) return Expr.call("eq", [Expr.column(c.pick(strings).name), Expr.literal(c.pick(["a", "b"]), t.utf8())]);
      return Expr.call(c.chance(50) ? "is_null" : "is_not_null", [Expr.column(f.name)]);
    }
    case 5:
    case 6:
      return Expr.call(c.chance(50) ? "and" : "or", [boolExpr(c, s, depth - 1), boolExpr(c, s, depth - 1)]);
    case 7:
      return Expr.call("not", [boolExpr(c, s, depth - 1)]);
    default:
      return Expr.call("not", [Expr.call("not", [boolExpr(c, s, depth - 1)])]);
  }
}

let fresh = 0;

/** One random step over `input`; every node is built with its factory, so it is valid by construction. */
function randomStep(c: Choices, input: PlanNode): PlanNode {
  const s = input.schema;
  switch (c.int(9)) {
    case 0:
    case 1:
      return FilterNode.create(input, boolExpr(c, s, 2));
    case 2:
    case 3: {
      const count = 1 + c.int(2);
      const names = new Set<string>();
      const assignments = [];
      for (let i = 0; i < count; i++) {
        const name = c.chance(40) ? c.pick(s.fields).name : `m${fresh++}`;
        if (names.has(name)) continue;
        names.add(name);
        assignments.push({ name, expr: c.chance(50) ? numericExpr(c, s, 2) : boolExpr(c, s, 1) });
      }
      return MapNode.create(input, assignments);
    }
    case 4: {
      const picked = s.fields.filter(() => c.chance(60));
      const kept = picked.length ? picked : [s.fields[0]!];
      const order = c.chance(50) ? [...kept].reverse() : kept;
      return ProjectNode.create(input, order.map((f) => ({ from: f.name, name: c.chance(25) ? `p${fresh++}` : f.name })));
    }
    case 5: {
      const keys = [c.pick(s.fields)];
      return SortNode.create(input, keys.map((f) => ({ column: f.name, descending: c.chance(50), nullsLast: c.chance(70) })));
    }
    case 6:
      return LimitNode.create(input, c.int(6), c.int(3));
    default: {
      const keyFields: Field[] = c.chance(80) ? [c.pick(s.fields)] : [];
      const nums = numericFields(s);
      const aggs: NamedAggregate[] = [{ name: `n${fresh++}`, agg: Expr.aggregate("count", null) }];
      if (nums.length) aggs.push({ name: `a${fresh++}`, agg: Expr.aggregate(c.pick(["sum", "mean", "min", "max"] as const), Expr.column(c.pick(nums).name)) });
      if (c.chance(40)) aggs.push({ name: `k${fresh++}`, agg: Expr.aggregate("count", Expr.column(c.pick(s.fields).name)) });
      const grouped = keyFields.length ? GroupByNode.create(input, keyFields.map((f) => f.name)) : input;
      return AggregateNode.create(grouped, aggs);
    }
  }
}

function randomChain(c: Choices, input: PlanNode, maxSteps: number): PlanNode {
  let plan = input;
  const steps = 1 + c.int(maxSteps);
  for (let i = 0; i < steps; i++) plan = randomStep(c, plan);
  return plan;
}

const joinable = (a: DataType, b: DataType) => (isNumeric(a) && isNumeric(b)) || a.id === b.id;

/**
 * A Scan of `table` under a random chain of Filter/Map/Project/Sort/Limit/GroupBy+Aggregate nodes;
 * sometimes two such chains over the same (shared) Scan joined on a random key, or a Union of a
 * chain with a filtered/sorted copy of itself, followed by more random steps.
 */
export function randomPlan(c: Choices, table: RandomTable): PlanNode {
  const scan = scanOf(table);
  const shape = c.int(10);
  if (shape === 8) {
    const left = randomChain(c, scan, 3);
    const right = randomChain(c, scan, 3);
    const pairs = left.schema.fields.flatMap((l) => right.schema.fields.filter((r) => joinable(l.type, r.type)).map((r) => [l.name, r.name] as const));
    if (pairs.length === 0) return left;
    const [l, r] = c.pick(pairs);
    let joined: PlanNode;
    try {
      joined = JoinNode.create(left, right, c.pick<JoinHow>(["inner", "inner", "left", "right", "full", "semi", "anti"]), [l], [r]);
    } catch {
      return left; // a name clash the suffix does not resolve
    }
    return randomChain(c, joined, 2);
  }
  if (shape === 9) {
    const a = randomChain(c, scan, 3);
    const b = c.chance(50) ? FilterNode.create(a, boolExpr(c, a.schema, 1)) : SortNode.create(a, [{ column: c.pick(a.schema.fields).name, descending: true, nullsLast: false }]);
    return randomChain(c, UnionNode.create([a, b]), 2);
  }
  return randomChain(c, scan, 7);
}
