import { PlanValidationError } from "../errors/trace-errors.js";
import type { AggregateExpr } from "../expr/expr.js";
import { resolveAggregate } from "../expr/resolve.js";
import { colocates, Sharding } from "../sharding/sharding.js";
import { field, findField, schema as makeSchema, type Field, type Schema } from "../types/schema.js";
import { freezeNode } from "./freeze.js";
import { GroupByNode } from "./group-by.js";
import type { PlanNode } from "./plan-node.js";

/**
 * One output column of an Aggregate: `name = agg`.
 *
 * @example
 * ```ts
 * import { Expr, type NamedAggregate } from "@datajax/core-ir";
 *
 * const meanFare: NamedAggregate = { name: "mean_fare", agg: Expr.aggregate("mean", Expr.column("fare_amount")) };
 * ```
 */
export interface NamedAggregate {
  /** Output column name. */
  readonly name: string;
  /** The aggregate computing it. */
  readonly agg: AggregateExpr;
}

/**
 * One row per group of its GroupBy input (keys first, then aggregates), or one row in all when the
 * input is not a GroupBy (a global aggregate). The output is hash-sharded on the keys when the
 * input co-locates them; otherwise the planner must exchange first.
 *
 * @example
 * ```ts
 * import { AggregateNode, Expr, field, formatSchema, GroupByNode, ScanNode, schema, t } from "@datajax/core-ir";
 *
 * const trips = ScanNode.create({ kind: "argument", name: "trips", uri: "arg:0", slot: 0 }, schema([field("PULocationID", t.int32, false), field("fare_amount", t.float64)]));
 * const perZone = AggregateNode.create(GroupByNode.create(trips, ["PULocationID"]), [
 *   { name: "n", agg: Expr.aggregate("count", null) },
 *   { name: "mean_fare", agg: Expr.aggregate("mean", Expr.column("fare_amount")) },
 * ]);
 * formatSchema(perZone.schema); // "{PULocationID:int32, n:int64, mean_fare:float64?}"
 * ```
 */
export interface AggregateNode {
  /** Discriminant of the PlanNode union. */
  readonly kind: "Aggregate";
  /** The node it reads: a GroupBy, or any node for a global aggregate. */
  readonly input: PlanNode;
  /** The GroupBy's keys; empty for a global aggregate. */
  readonly keys: readonly string[];
  /** The aggregates, in output order. */
  readonly aggregates: readonly NamedAggregate[];
  /** Output schema: the keys, then one column per aggregate. */
  readonly schema: Schema;
  /** Output sharding (see above). */
  readonly sharding: Sharding;
}

/**
 * Factory and type guard of Aggregate nodes.
 *
 * @example
 * ```ts
 * import { AggregateNode, Expr, field, ScanNode, schema, t } from "@datajax/core-ir";
 *
 * const trips = ScanNode.create({ kind: "argument", name: "trips", uri: "arg:0", slot: 0 }, schema([field("PULocationID", t.int32, false), field("fare_amount", t.float64)]));
 * const total = AggregateNode.create(trips, [{ name: "total_fare", agg: Expr.aggregate("sum", Expr.column("fare_amount")) }]);
 * AggregateNode.is(total); // true: a global aggregate, one row
 * ```
 */
export const AggregateNode = {
  /**
   * Builds an Aggregate over a GroupBy (grouped) or any other node (global). Throws
   * PlanValidationError when an output name clashes with a key or another aggregate, and
   * TypeMismatchError / ColumnNotFoundError when an aggregate does not type-check.
   */
  create(input: PlanNode, aggregates: readonly NamedAggregate[]): AggregateNode {
    const keys = GroupByNode.is(input) ? input.keys : [];
    const scope = input.schema;
    const fields: Field[] = keys.map((k) => findField(scope, k)!);
    const names = new Set<string>(keys);
    for (const a of aggregates) {
      if (names.has(a.name)) throw new PlanValidationError(`agg: output column "${a.name}" clashes with a key or another aggregate; rename it.`);
      names.add(a.name);
      const typed = resolveAggregate(a.agg, scope, `agg ${a.name}`);
      fields.push(field(a.name, typed.type, typed.nullable));
    }
    const s = input.sharding;
    // Every rank of a replicated input holds every row, so it computes every group: still replicated.
    const sharding =
      keys.length === 0
        ? s.kind === "single" ? Sharding.single : Sharding.replicated(s.axis)
        : s.kind === "hash" && colocates(s, keys) ? s : s.kind === "single" || s.kind === "replicated" ? s : Sharding.hash(keys, s.axis);
    return freezeNode({
      kind: "Aggregate",
      input,
      keys: Object.freeze([...keys]),
      aggregates: Object.freeze(aggregates.map((a) => Object.freeze({ ...a }))),
      schema: makeSchema(fields),
      sharding,
    });
  },
  /** Whether `n` is a AggregateNode (narrows the type). */
  is: (n: { kind: string }): n is AggregateNode => n.kind === "Aggregate",
};
