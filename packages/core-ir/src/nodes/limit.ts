import type { Sharding } from "../sharding/sharding.js";
import type { Schema } from "../types/schema.js";
import { PlanValidationError } from "../errors/trace-errors.js";
import { freezeNode } from "./freeze.js";
import type { PlanNode } from "./plan-node.js";

/** Skips `offset` rows, then keeps at most `count` (in input order). */
export interface LimitNode {
  readonly kind: "Limit";
  readonly input: PlanNode;
  readonly count: number;
  readonly offset: number;
  readonly schema: Schema;
  readonly sharding: Sharding;
}

export const LimitNode = {
  create(input: PlanNode, count: number, offset = 0): LimitNode {
    if (!Number.isInteger(count) || count < 0 || !Number.isInteger(offset) || offset < 0) {
      throw new PlanValidationError(`limit: count and offset must be non-negative integers, got ${count} and ${offset}.`);
    }
    return freezeNode({ kind: "Limit", input, count, offset, schema: input.schema, sharding: input.sharding });
  },
  is: (n: { kind: string }): n is LimitNode => n.kind === "Limit",
};
