import type { Schema } from "../types/schema.js";
import { ColumnNotFoundError, PlanValidationError } from "../errors/trace-errors.js";
import type { Sharding } from "../sharding/sharding.js";
import { findField } from "../types/schema.js";
import { freezeNode } from "./freeze.js";
import type { PlanNode } from "./plan-node.js";

/**
 * Moves rows so the output has `sharding` (an exchange). `strict` ones came from the user and stay.
 *
 * @example
 * ```ts
 * import { field, formatSharding, RepartitionNode, ScanNode, schema, Sharding, t } from "@datajax/core-ir";
 *
 * const trips = ScanNode.create({ kind: "argument", name: "trips", uri: "arg:0", slot: 0 }, schema([field("PULocationID", t.int32, false), field("fare_amount", t.float64)]));
 * const byZone = RepartitionNode.create(trips, Sharding.hash(["PULocationID"]), true);
 * formatSharding(byZone.sharding); // "@hash(PULocationID)"
 * ```
 */
export interface RepartitionNode {
  /** Discriminant of the PlanNode union. */
  readonly kind: "Repartition";
  /** The node it reads. */
  readonly input: PlanNode;
  /** The sharding the output has. */
  readonly sharding: Sharding;
  /** True when the user asked for it: optimizers keep it instead of removing or moving it. */
  readonly strict: boolean;
  /** Output schema: the input's. */
  readonly schema: Schema;
}

/**
 * Factory and type guard of Repartition nodes.
 *
 * @example
 * ```ts
 * import { field, RepartitionNode, ScanNode, schema, Sharding, t } from "@datajax/core-ir";
 *
 * const trips = ScanNode.create({ kind: "argument", name: "trips", uri: "arg:0", slot: 0 }, schema([field("PULocationID", t.int32, false), field("fare_amount", t.float64)]));
 * RepartitionNode.is(RepartitionNode.create(trips, Sharding.block())); // true
 * ```
 */
export const RepartitionNode = {
  /**
   * Builds a Repartition (`strict` defaults to false). Throws PlanValidationError for a hash
   * sharding without keys, ColumnNotFoundError for a hash key not in the input.
   */
  create(input: PlanNode, sharding: Sharding, strict = false): RepartitionNode {
    if (sharding.kind === "hash" && sharding.keys.length === 0) throw new PlanValidationError("repartition: a hash sharding needs at least one key column.");
    if (sharding.kind === "hash") for (const k of sharding.keys) if (!findField(input.schema, k)) throw new ColumnNotFoundError("repartition", k, input.schema);
    return freezeNode({ kind: "Repartition", input, sharding, strict, schema: input.schema });
  },
  /** Whether `n` is a RepartitionNode (narrows the type). */
  is: (n: { kind: string }): n is RepartitionNode => n.kind === "Repartition",
};
