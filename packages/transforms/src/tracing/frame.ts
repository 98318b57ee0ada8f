import {
  AggregateNode,
  ColumnNotFoundError,
  CustomUdfNode,
  Expr,
  field,
  FilterNode,
  findField,
  formatSchema,
  formatSharding,
  GroupByNode,
  JoinNode,
  LimitNode,
  MapNode,
  PlanValidationError,
  printPlan,
  ProjectNode,
  ScanNode,
  schema as makeSchema,
  Sharding,
  SortNode,
  UnionNode,
  columnNames,
  type DataType,
  type JoinHow,
  type NamedAggregate,
  type PlanNode,
  type ProjectedColumn,
  type Schema,
  type SortKey,
} from "@datajax/core-ir";
import { AggSpec } from "./agg-spec.js";
import { guardConversions } from "./conversion-guard.js";
import { Series, toExpr, type SeriesLike } from "./series.js";

/**
 * The keys and kind of `frame.join(other, options)`: either `on` (same names on both sides) or
 * `leftOn` with `rightOn` (giving both `on` and either of those is a PlanValidationError).
 *
 * @example
 * ```ts
 * import { field, schema, t } from "@datajax/core-ir";
 * import { Frame, type JoinOptions } from "@datajax/transforms";
 * const trips = Frame.fromSchema("trips", schema([field("PULocationID", t.int32), field("fare", t.float64)]));
 * const zones = Frame.fromSchema("zones", schema([field("LocationID", t.int32), field("borough", t.utf8())]), { slot: 1 });
 * const options: JoinOptions = { leftOn: "PULocationID", rightOn: "LocationID", how: "left" };
 * const withBorough = trips.join(zones, options);
 * ```
 */
export interface JoinOptions {
  /** Key column(s) with the same name on both sides. */
  readonly on?: string | readonly string[];
  /** Key column(s) of this (left) frame, matched by position with `rightOn`. */
  readonly leftOn?: string | readonly string[];
  /** Key column(s) of the other (right) frame; defaults to `leftOn`. */
  readonly rightOn?: string | readonly string[];
  /** inner (default), left, right, full, semi, anti. */
  readonly how?: JoinHow;
  /** Appended to right columns whose names clash with left ones (default `_right`). */
  readonly suffix?: string;
}

/**
 * The direction and null placement of `frame.sort(keys, options)`; a per-key list must have one
 * flag per key (else PlanValidationError).
 *
 * @example
 * ```ts
 * import { field, schema, t } from "@datajax/core-ir";
 * import { Frame, type SortOptions } from "@datajax/transforms";
 * const trips = Frame.fromSchema("trips", schema([field("PULocationID", t.int32), field("fare", t.float64)]));
 * const options: SortOptions = { descending: [false, true], nullsLast: true };
 * const ordered = trips.sort(["PULocationID", "fare"], options);
 * ```
 */
export interface SortOptions {
  /** One flag for every key, or one per key (default false). */
  readonly descending?: boolean | readonly boolean[];
  /** Where nulls go, one flag or one per key (default true: last). */
  readonly nullsLast?: boolean | readonly boolean[];
}

/**
 * How `frame.udf(name, options)` calls a user function: its mode, the columns it reads and the
 * schema it returns (the implementation is given to djit's `udfs` option under the same name).
 *
 * @example
 * ```ts
 * import { field, schema, t } from "@datajax/core-ir";
 * import { Frame, type UdfOptions } from "@datajax/transforms";
 * const trips = Frame.fromSchema("trips", schema([field("PULocationID", t.int32), field("fare", t.float64)]));
 * const options: UdfOptions = { mode: "row", reads: ["fare"], outputSchema: { doubled: t.float64 } };
 * const doubled = trips.udf("double_fare", options);
 * ```
 */
export interface UdfOptions {
  /** `vectorized` (column arrays per batch, the default) or `row` (one object per row). */
  readonly mode?: "vectorized" | "row";
  /** The input columns the function reads (default: all). */
  readonly reads?: readonly string[];
  /** The columns it returns: a Schema, or `{ name: type }` (nullable). */
  readonly outputSchema: Schema | Readonly<Record<string, DataType>>;
}

/**
 * The aggregates of an `agg` call: output name → aggregate.
 *
 * @example
 * ```ts
 * import { count, mean, type AggMap } from "@datajax/transforms";
 * const perZone: AggMap = { trips: count(), avg_fare: mean("fare") };
 * // frame.groupBy("PULocationID").agg(perZone)
 * ```
 */
export type AggMap = Readonly<Record<string, AggSpec>>;

/**
 * The tracer over a table: an abstract value that carries a plan node (and so a schema and a
 * sharding), never data. Every operation builds its core-ir node immediately, so a bad column or
 * type fails on the line that wrote it, with the operation, the schema in scope and a suggestion.
 * Frames are immutable: each operation returns a new Frame. djit passes one to the traced
 * function for each data argument; `Frame.fromSchema` makes one by hand.
 *
 * @example
 * ```ts
 * import { field, schema, t } from "@datajax/core-ir";
 * import { Frame, col, count, mean } from "@datajax/transforms";
 * const trips = Frame.fromSchema("trips", schema([field("PULocationID", t.int32), field("fare", t.float64)]));
 * const perZone = trips.filter(col("fare").gt(0)).groupBy("PULocationID").agg({ trips: count(), avg_fare: mean("fare") });
 * perZone.describe(); // "{PULocationID:int32?, trips:int64, avg_fare:float64?}"
 * perZone.explain();  // the traced plan, one line per node
 * ```
 */
export class Frame {
  /** The core-ir plan node this frame stands for (its root). */
  readonly plan: PlanNode;

  constructor(plan: PlanNode) {
    this.plan = plan;
  }

  /** A Frame over an argument scan of `schema` (for tracing by hand, tests and docs). */
  static fromSchema(name: string, schema: Schema, options: { slot?: number; sharding?: Sharding } = {}): Frame {
    const slot = options.slot ?? 0;
    return new Frame(ScanNode.create({ kind: "argument", name, uri: `arg:${slot}`, slot }, schema, { sharding: options.sharding ?? Sharding.single }));
  }

  /** The frame's schema: column names, types and nullability. */
  get schema(): Schema {
    return this.plan.schema;
  }

  /** The column names, in order. */
  get columns(): string[] {
    return columnNames(this.plan.schema);
  }

  /** How the frame's rows are laid out over ranks (`single` under djit). */
  get sharding(): Sharding {
    return this.plan.sharding;
  }

  /** `{a:int32, b:utf8?} @hash(a)`. */
  describe(): string {
    const s = formatSharding(this.plan.sharding);
    return `${formatSchema(this.plan.schema)}${s ? ` ${s}` : ""}`;
  }

  /** The traced plan as a jaxpr-like listing (see printPlan). */
  explain(): string {
    return printPlan(this.plan);
  }

  /** A column of this frame, checked now: a missing name fails here with a suggestion. */
  col(name: string): Series {
    if (!findField(this.plan.schema, name)) throw new ColumnNotFoundError("col", name, this.plan.schema);
    return new Series(Expr.column(name), this.plan.schema, "col");
  }

  /** Keeps the rows where `predicate` is true (null counts as false). */
  filter(predicate: SeriesLike): Frame {
    return new Frame(FilterNode.create(this.plan, toExpr(predicate)));
  }

  /** Adds or replaces columns; every expression reads this frame's columns, not each other's. */
  withColumns(columns: Readonly<Record<string, SeriesLike>>): Frame {
    const assignments = Object.entries(columns).map(([name, value]) => ({ name, expr: toExpr(value) }));
    if (assignments.length === 0) return this;
    return new Frame(MapNode.create(this.plan, assignments, "with_columns"));
  }

  /** One column: `withColumns({ [name]: value })`. */
  withColumn(name: string, value: SeriesLike): Frame {
    return this.withColumns({ [name]: value });
  }

  /** Keeps, orders and renames columns: `select("a", "b")`, `select("a", { total: "total_amount" })` (new: old). */
  select(...columns: (string | Readonly<Record<string, string>>)[]): Frame {
    const projected: ProjectedColumn[] = [];
    for (const c of columns) {
      if (typeof c === "string") projected.push({ name: c, from: c });
      else for (const [name, from] of Object.entries(c)) projected.push({ name, from });
    }
    return new Frame(ProjectNode.create(this.plan, projected, "select"));
  }

  /** Renames columns, `{ old: new }`, keeping every column in place. */
  rename(mapping: Readonly<Record<string, string>>): Frame {
    for (const old of Object.keys(mapping)) if (!findField(this.plan.schema, old)) throw new ColumnNotFoundError("rename", old, this.plan.schema);
    const projected = this.columns.map((c) => ({ name: mapping[c] ?? c, from: c }));
    return new Frame(ProjectNode.create(this.plan, projected, "rename"));
  }

  /** Removes columns. */
  drop(...names: string[]): Frame {
    for (const n of names) if (!findField(this.plan.schema, n)) throw new ColumnNotFoundError("drop", n, this.plan.schema);
    const keep = this.columns.filter((c) => !names.includes(c));
    return new Frame(ProjectNode.select(this.plan, keep, "drop"));
  }

  /** Groups by key columns; finish with `.agg({...})`. */
  groupBy(...keys: (string | readonly string[])[]): GroupedFrame {
    return new GroupedFrame(GroupByNode.create(this.plan, keys.flat()));
  }

  /** A global aggregate: one row over the whole frame. */
  agg(aggregates: AggMap): Frame {
    return new Frame(AggregateNode.create(this.plan, namedAggregates(aggregates)));
  }

  /** Equi-join with `other` (see JoinOptions); key columns appear once, coalesced. */
  join(other: Frame, options: JoinOptions): Frame {
    if (!(other instanceof Frame)) throw new PlanValidationError("join: the other side must be a Frame.");
    const list = (x: string | readonly string[] | undefined) => (x === undefined ? undefined : typeof x === "string" ? [x] : [...x]);
    const on = list(options.on);
    const leftOn = list(options.leftOn) ?? on;
    const rightOn = list(options.rightOn) ?? on ?? leftOn;
    if (!leftOn || !rightOn) throw new PlanValidationError("join: name the key columns with { on } or { leftOn, rightOn }.");
    if (on && (options.leftOn !== undefined || options.rightOn !== undefined)) {
      throw new PlanValidationError("join: give either { on } or { leftOn, rightOn }, not both.");
    }
    return new Frame(JoinNode.create(this.plan, other.plan, options.how ?? "inner", leftOn, rightOn, options.suffix ?? "_right"));
  }

  /** Orders rows by `keys` (stable). */
  sort(keys: string | readonly string[], options: SortOptions = {}): Frame {
    const list = typeof keys === "string" ? [keys] : [...keys];
    const flag = (x: boolean | readonly boolean[] | undefined, i: number, dflt: boolean, what: string): boolean => {
      if (x === undefined) return dflt;
      if (typeof x === "boolean") return x;
      if (x.length !== list.length) throw new PlanValidationError(`sort: ${what} has ${x.length} flags for ${list.length} keys.`);
      return x[i]!;
    };
    const sortKeys: SortKey[] = list.map((column, i) => ({
      column,
      descending: flag(options.descending, i, false, "descending"),
      nullsLast: flag(options.nullsLast, i, true, "nullsLast"),
    }));
    return new Frame(SortNode.create(this.plan, sortKeys));
  }

  /** Skips `offset` rows, then keeps at most `n`. */
  limit(n: number, offset = 0): Frame {
    return new Frame(LimitNode.create(this.plan, n, offset));
  }

  /** The first `n` rows (default 5). */
  head(n = 5): Frame {
    return this.limit(n);
  }

  /** Concatenates frames with the same columns in the same order (UNION ALL). */
  union(...others: Frame[]): Frame {
    return new Frame(UnionNode.create([this.plan, ...others.map((o) => o.plan)]));
  }

  /**
   * Applies an opaque user function registered under `name` (pass its implementation to djit's
   * `udfs` option). The output has exactly `outputSchema`.
   */
  udf(name: string, options: UdfOptions): Frame {
    const out = isSchema(options.outputSchema)
      ? options.outputSchema
      : makeSchema(Object.entries(options.outputSchema).map(([n, type]) => field(n, type, true)));
    return new Frame(CustomUdfNode.create(this.plan, name, options.mode ?? "vectorized", options.reads ?? this.columns, out));
  }
}

guardConversions(Frame.prototype, "Frame");

/**
 * A frame grouped by keys (what `frame.groupBy(...)` returns); its only operation is `agg`.
 *
 * @example
 * ```ts
 * import { field, schema, t } from "@datajax/core-ir";
 * import { Frame, sum, type GroupedFrame } from "@datajax/transforms";
 * const trips = Frame.fromSchema("trips", schema([field("PULocationID", t.int32), field("fare", t.float64)]));
 * const byZone: GroupedFrame = trips.groupBy("PULocationID");
 * const revenue = byZone.agg({ revenue: sum("fare") });
 * ```
 */
export class GroupedFrame {
  constructor(
    /** The GroupBy node over the grouped frame's plan. */
    readonly plan: GroupByNode,
  ) {}

  /** The group key columns. */
  get keys(): readonly string[] {
    return this.plan.keys;
  }

  /** One row per group: the keys, then one column per aggregate. */
  agg(aggregates: AggMap): Frame {
    return new Frame(AggregateNode.create(this.plan, namedAggregates(aggregates)));
  }
}

function namedAggregates(aggregates: AggMap): NamedAggregate[] {
  const entries = Object.entries(aggregates);
  if (entries.length === 0) throw new PlanValidationError("agg: give at least one aggregate, e.g. { n: count() }.");
  return entries.map(([name, spec]) => {
    if (!(spec instanceof AggSpec)) {
      throw new PlanValidationError(`agg ${name}: expected an aggregate such as count(), sum("x") or mean(col("x").mul(2)), got ${(spec as unknown) instanceof Series ? "a Series (wrap it: sum(series))" : typeof spec}.`);
    }
    return { name, agg: spec.expr };
  });
}

function isSchema(x: UdfOptions["outputSchema"]): x is Schema {
  return Array.isArray((x as Schema).fields);
}
