import type { Sharding } from "../sharding/sharding.js";
import type { Schema } from "../types/schema.js";
import { ColumnNotFoundError, PlanValidationError } from "../errors/trace-errors.js";
import { findField } from "../types/schema.js";
import { freezeNode } from "./freeze.js";
import type { PlanNode } from "./plan-node.js";

/**
 * Groups rows by key columns. Its only consumer is an Aggregate, which computes one row per group;
 * the GroupBy itself passes its input's schema and sharding through.
 *
 * @example
 * ```ts
 * import { AggregateNode, Expr, field, GroupByNode, ScanNode, schema, t } from "@datajax/core-ir";
 *
 * const trips = ScanNode.create({ kind: "argument", name: "trips", uri: "arg:0", slot: 0 }, schema([field("PULocationID", t.int32, false), field("fare_amount", t.float64)]));
 * const byZone = GroupByNode.create(trips, ["PULocationID"]);
 * const counts = AggregateNode.create(byZone, [{ name: "n", agg: Expr.aggregate("count", null) }]);
 * ```
 */
export interface GroupByNode {
  /** Discriminant of the PlanNode union. */
  readonly kind: "GroupBy";
  /** The node it reads. */
  readonly input: PlanNode;
  /** The key columns, in order (at least one, no repeats). */
  readonly keys: readonly string[];
  /** Output schema: the input's. */
  readonly schema: Schema;
  /** Output sharding: the input's. */
  readonly sharding: Sharding;
}

/**
 * Factory and type guard of GroupBy nodes.
 *
 * @example
 * ```ts
 * import { field, GroupByNode, ScanNode, schema, t } from "@datajax/core-ir";
 *
 * const trips = ScanNode.create({ kind: "argument", name: "trips", uri: "arg:0", slot: 0 }, schema([field("PULocationID", t.int32, false), field("fare_amount", t.float64)]));
 * GroupByNode.is(GroupByNode.create(trips, ["PULocationID"])); // true
 * ```
 */
export const GroupByNode = {
  /**
   * Builds a GroupBy. Throws PlanValidationError for no keys or a repeated key,
   * ColumnNotFoundError for a key not in the input.
   */
  create(input: PlanNode, keys: readonly string[]): GroupByNode {
    if (keys.length === 0) throw new PlanValidationError("group_by: give at least one key column (for a global aggregate, call agg on the frame).");
    for (const k of keys) if (!findField(input.schema, k)) throw new ColumnNotFoundError("group_by", k, input.schema);
    if (new Set(keys).size !== keys.length) throw new PlanValidationError(`group_by: a key is repeated in [${keys.join(", ")}].`);
    return freezeNode({ kind: "GroupBy", input, keys: Object.freeze([...keys]), schema: input.schema, sharding: input.sharding });
  },
  /** Whether `n` is a GroupByNode (narrows the type). */
  is: (n: { kind: string }): n is GroupByNode => n.kind === "GroupBy",
};
