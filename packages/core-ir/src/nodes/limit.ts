import type { Sharding } from "../sharding/sharding.js";
import type { Schema } from "../types/schema.js";
import { ColumnNotFoundError, PlanValidationError } from "../errors/trace-errors.js";
import { findField } from "../types/schema.js";
import { freezeNode } from "./freeze.js";
import type { PlanNode } from "./plan-node.js";

/**
 * Skips `offset` rows, then keeps at most `count` (in input order). With `by` keys it does so per
 * group of rows equal on them (a per-group limit, what vmap makes of a Limit).
 *
 * @example
 * ```ts
 * import { field, LimitNode, ScanNode, schema, t } from "@datajax/core-ir";
 *
 * const trips = ScanNode.create({ kind: "argument", name: "trips", uri: "arg:0", slot: 0 }, schema([field("PULocationID", t.int32, false), field("fare_amount", t.float64)]));
 * const page = LimitNode.create(trips, 100, 200); // rows 200..299
 * const firstPerZone = LimitNode.create(trips, 1, 0, ["PULocationID"]);
 * ```
 */
export interface LimitNode {
  /** Discriminant of the PlanNode union. */
  readonly kind: "Limit";
  /** The node it reads. */
  readonly input: PlanNode;
  /** Most rows kept (per group with `by`). */
  readonly count: number;
  /** Rows skipped first (per group with `by`). */
  readonly offset: number;
  /** Group keys of a per-group limit; empty for one limit over all rows. */
  readonly by: readonly string[];
  /** Output schema: the input's. */
  readonly schema: Schema;
  /** Output sharding: the input's. */
  readonly sharding: Sharding;
}

/**
 * Factory and type guard of Limit nodes.
 *
 * @example
 * ```ts
 * import { field, LimitNode, ScanNode, schema, t } from "@datajax/core-ir";
 *
 * const trips = ScanNode.create({ kind: "argument", name: "trips", uri: "arg:0", slot: 0 }, schema([field("PULocationID", t.int32, false), field("fare_amount", t.float64)]));
 * LimitNode.is(LimitNode.create(trips, 10)); // true
 * ```
 */
export const LimitNode = {
  /**
   * Builds a Limit (`offset` defaults to 0, `by` to none). Throws PlanValidationError unless count
   * and offset are non-negative integers, ColumnNotFoundError for a `by` column not in the input.
   */
  create(input: PlanNode, count: number, offset = 0, by: readonly string[] = []): LimitNode {
    if (!Number.isInteger(count) || count < 0 || !Number.isInteger(offset) || offset < 0) {
      throw new PlanValidationError(`limit: count and offset must be non-negative integers, got ${count} and ${offset}.`);
    }
    for (const k of by) if (!findField(input.schema, k)) throw new ColumnNotFoundError("limit by", k, input.schema);
    return freezeNode({ kind: "Limit", input, count, offset, by: Object.freeze([...by]), schema: input.schema, sharding: input.sharding });
  },
  /** Whether `n` is a LimitNode (narrows the type). */
  is: (n: { kind: string }): n is LimitNode => n.kind === "Limit",
};
