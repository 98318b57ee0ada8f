import type { Sharding } from "../sharding/sharding.js";
import type { Schema } from "../types/schema.js";
import { ColumnNotFoundError } from "../errors/trace-errors.js";
import { findField } from "../types/schema.js";
import { freezeNode } from "./freeze.js";
import type { PlanNode } from "./plan-node.js";

/**
 * One sort key: a column, its direction and where its nulls go.
 *
 * @example
 * ```ts
 * import type { SortKey } from "@datajax/core-ir";
 *
 * const topFares: SortKey = { column: "fare_amount", descending: true, nullsLast: true };
 * ```
 */
export interface SortKey {
  /** The column to order by. */
  readonly column: string;
  /** Largest values first when true. */
  readonly descending: boolean;
  /** Where nulls go; SQL's default is last for ascending and first for descending — we always default to last. */
  readonly nullsLast: boolean;
}

/**
 * Orders rows by the keys (stable: ties keep input order).
 *
 * @example
 * ```ts
 * import { field, ScanNode, schema, SortNode, t } from "@datajax/core-ir";
 *
 * const trips = ScanNode.create({ kind: "argument", name: "trips", uri: "arg:0", slot: 0 }, schema([field("PULocationID", t.int32, false), field("fare_amount", t.float64)]));
 * const sorted = SortNode.create(trips, [
 *   { column: "PULocationID", descending: false, nullsLast: true },
 *   { column: "fare_amount", descending: true, nullsLast: true },
 * ]);
 * ```
 */
export interface SortNode {
  /** Discriminant of the PlanNode union. */
  readonly kind: "Sort";
  /** The node it reads. */
  readonly input: PlanNode;
  /** Sort keys, most significant first. */
  readonly keys: readonly SortKey[];
  /** Output schema: the input's. */
  readonly schema: Schema;
  /** Output sharding: the input's. */
  readonly sharding: Sharding;
}

/**
 * Factory and type guard of Sort nodes.
 *
 * @example
 * ```ts
 * import { field, ScanNode, schema, SortNode, t } from "@datajax/core-ir";
 *
 * const trips = ScanNode.create({ kind: "argument", name: "trips", uri: "arg:0", slot: 0 }, schema([field("PULocationID", t.int32, false), field("fare_amount", t.float64)]));
 * SortNode.is(SortNode.create(trips, [{ column: "fare_amount", descending: true, nullsLast: true }])); // true
 * ```
 */
export const SortNode = {
  /** Builds a Sort. Throws ColumnNotFoundError for a key column not in the input. */
  create(input: PlanNode, keys: readonly SortKey[]): SortNode {
    for (const k of keys) if (!findField(input.schema, k.column)) throw new ColumnNotFoundError("sort", k.column, input.schema);
    return freezeNode({ kind: "Sort", input, keys: Object.freeze(keys.map((k) => Object.freeze({ ...k }))), schema: input.schema, sharding: input.sharding });
  },
  /** Whether `n` is a SortNode (narrows the type). */
  is: (n: { kind: string }): n is SortNode => n.kind === "Sort",
};
