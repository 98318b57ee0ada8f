import type { Sharding } from "../sharding/sharding.js";
import type { Schema } from "../types/schema.js";
import { ColumnNotFoundError, PlanValidationError } from "../errors/trace-errors.js";
import { findField } from "../types/schema.js";
import { freezeNode } from "./freeze.js";
import type { PlanNode } from "./plan-node.js";

/**
 * Skips `offset` rows, then keeps at most `count` (in input order). With `by` keys it does so per
 * group of rows equal on them (a per-group limit, what vmap makes of a Limit).
 */
export interface LimitNode {
  readonly kind: "Limit";
  readonly input: PlanNode;
  readonly count: number;
  readonly offset: number;
  /** Group keys of a per-group limit; empty for one limit over all rows. */
  readonly by: readonly string[];
  readonly schema: Schema;
  readonly sharding: Sharding;
}

export const LimitNode = {
  create(input: PlanNode, count: number, offset = 0, by: readonly string[] = []): LimitNode {
    if (!Number.isInteger(count) || count < 0 || !Number.isInteger(offset) || offset < 0) {
      throw new PlanValidationError(`limit: count and offset must be non-negative integers, got ${count} and ${offset}.`);
    }
    for (const k of by) if (!findField(input.schema, k)) throw new ColumnNotFoundError("limit by", k, input.schema);
    return freezeNode({ kind: "Limit", input, count, offset, by: Object.freeze([...by]), schema: input.schema, sharding: input.sharding });
  },
  is: (n: { kind: string }): n is LimitNode => n.kind === "Limit",
};
