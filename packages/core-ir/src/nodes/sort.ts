import type { Sharding } from "../sharding/sharding.js";
import type { Schema } from "../types/schema.js";
import { ColumnNotFoundError } from "../errors/trace-errors.js";
import { findField } from "../types/schema.js";
import { freezeNode } from "./freeze.js";
import type { PlanNode } from "./plan-node.js";

export interface SortKey {
  readonly column: string;
  readonly descending: boolean;
  /** Where nulls go; SQL's default is last for ascending and first for descending — we always default to last. */
  readonly nullsLast: boolean;
}

/** Orders rows by the keys (stable: ties keep input order). */
export interface SortNode {
  readonly kind: "Sort";
  readonly input: PlanNode;
  readonly keys: readonly SortKey[];
  readonly schema: Schema;
  readonly sharding: Sharding;
}

export const SortNode = {
  create(input: PlanNode, keys: readonly SortKey[]): SortNode {
    for (const k of keys) if (!findField(input.schema, k.column)) throw new ColumnNotFoundError("sort", k.column, input.schema);
    return freezeNode({ kind: "Sort", input, keys: Object.freeze(keys.map((k) => Object.freeze({ ...k }))), schema: input.schema, sharding: input.sharding });
  },
  is: (n: { kind: string }): n is SortNode => n.kind === "Sort",
};
