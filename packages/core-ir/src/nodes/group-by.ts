import type { Sharding } from "../sharding/sharding.js";
import type { Schema } from "../types/schema.js";
import { ColumnNotFoundError, PlanValidationError } from "../errors/trace-errors.js";
import { findField } from "../types/schema.js";
import { freezeNode } from "./freeze.js";
import type { PlanNode } from "./plan-node.js";

/**
 * Groups rows by key columns. Its only consumer is an Aggregate, which computes one row per group;
 * the GroupBy itself passes its input's schema and sharding through.
 */
export interface GroupByNode {
  readonly kind: "GroupBy";
  readonly input: PlanNode;
  readonly keys: readonly string[];
  readonly schema: Schema;
  readonly sharding: Sharding;
}

export const GroupByNode = {
  create(input: PlanNode, keys: readonly string[]): GroupByNode {
    if (keys.length === 0) throw new PlanValidationError("group_by: give at least one key column (for a global aggregate, call agg on the frame).");
    for (const k of keys) if (!findField(input.schema, k)) throw new ColumnNotFoundError("group_by", k, input.schema);
    if (new Set(keys).size !== keys.length) throw new PlanValidationError(`group_by: a key is repeated in [${keys.join(", ")}].`);
    return freezeNode({ kind: "GroupBy", input, keys: Object.freeze([...keys]), schema: input.schema, sharding: input.sharding });
  },
  is: (n: { kind: string }): n is GroupByNode => n.kind === "GroupBy",
};
