import type { Schema } from "../types/schema.js";
import { ColumnNotFoundError, PlanValidationError } from "../errors/trace-errors.js";
import type { Sharding } from "../sharding/sharding.js";
import { findField } from "../types/schema.js";
import { freezeNode } from "./freeze.js";
import type { PlanNode } from "./plan-node.js";

/** Moves rows so the output has `sharding` (an exchange). `strict` ones came from the user and stay. */
export interface RepartitionNode {
  readonly kind: "Repartition";
  readonly input: PlanNode;
  readonly sharding: Sharding;
  readonly strict: boolean;
  readonly schema: Schema;
}

export const RepartitionNode = {
  create(input: PlanNode, sharding: Sharding, strict = false): RepartitionNode {
    if (sharding.kind === "hash" && sharding.keys.length === 0) throw new PlanValidationError("repartition: a hash sharding needs at least one key column.");
    if (sharding.kind === "hash") for (const k of sharding.keys) if (!findField(input.schema, k)) throw new ColumnNotFoundError("repartition", k, input.schema);
    return freezeNode({ kind: "Repartition", input, sharding, strict, schema: input.schema });
  },
  is: (n: { kind: string }): n is RepartitionNode => n.kind === "Repartition",
};
