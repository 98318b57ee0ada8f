import type { Sharding } from "../sharding/sharding.js";
import type { Schema } from "../types/schema.js";
import { TypeMismatchError } from "../errors/trace-errors.js";
import type { Expr } from "../expr/expr.js";
import { resolveExpr } from "../expr/resolve.js";
import { formatType } from "../types/data-type.js";
import { freezeNode } from "./freeze.js";
import type { PlanNode } from "./plan-node.js";

/**
 * Keeps the rows whose predicate is true (null counts as false); keeps the input's sharding.
 *
 * @example
 * ```ts
 * import { Expr, field, FilterNode, ScanNode, schema, t } from "@datajax/core-ir";
 *
 * const trips = ScanNode.create({ kind: "argument", name: "trips", uri: "arg:0", slot: 0 }, schema([field("PULocationID", t.int32, false), field("fare_amount", t.float64)]));
 * const paid = FilterNode.create(trips, Expr.call("gt", [Expr.column("fare_amount"), Expr.literal(0, t.float64)]));
 * paid.schema === trips.schema; // true
 * ```
 */
export interface FilterNode {
  /** Discriminant of the PlanNode union. */
  readonly kind: "Filter";
  /** The node it reads. */
  readonly input: PlanNode;
  /** Boolean expression over the input's columns. */
  readonly predicate: Expr;
  /** Output schema: the input's. */
  readonly schema: Schema;
  /** Output sharding: the input's. */
  readonly sharding: Sharding;
}

/**
 * Factory and type guard of Filter nodes.
 *
 * @example
 * ```ts
 * import { Expr, field, FilterNode, ScanNode, schema, t } from "@datajax/core-ir";
 *
 * const trips = ScanNode.create({ kind: "argument", name: "trips", uri: "arg:0", slot: 0 }, schema([field("PULocationID", t.int32, false), field("fare_amount", t.float64)]));
 * const known = FilterNode.create(trips, Expr.call("is_not_null", [Expr.column("fare_amount")]));
 * FilterNode.is(known); // true
 * ```
 */
export const FilterNode = {
  /**
   * Builds a Filter. Throws TypeMismatchError when the predicate is not a bool, and
   * ColumnNotFoundError / TypeMismatchError when it does not type-check.
   */
  create(input: PlanNode, predicate: Expr): FilterNode {
    const typed = resolveExpr(predicate, input.schema, "filter");
    if (typed.type.id !== "bool" && typed.type.id !== "null") {
      throw new TypeMismatchError("filter", `the predicate is ${formatType(typed.type)}, not bool`, "Compare it first, e.g. col(\"x\").gt(0).", input.schema);
    }
    return freezeNode({ kind: "Filter", input, predicate, schema: input.schema, sharding: input.sharding });
  },
  /** Whether `n` is a FilterNode (narrows the type). */
  is: (n: { kind: string }): n is FilterNode => n.kind === "Filter",
};
