import { PlanValidationError } from "../errors/trace-errors.js";
import type { AggregateExpr } from "../expr/expr.js";
import { resolveAggregate } from "../expr/resolve.js";
import { colocates, Sharding } from "../sharding/sharding.js";
import { field, findField, schema as makeSchema, type Field, type Schema } from "../types/schema.js";
import { freezeNode } from "./freeze.js";
import { GroupByNode } from "./group-by.js";
import type { PlanNode } from "./plan-node.js";

export interface NamedAggregate {
  readonly name: string;
  readonly agg: AggregateExpr;
}

/**
 * One row per group of its GroupBy input (keys first, then aggregates), or one row in all when the
 * input is not a GroupBy (a global aggregate). The output is hash-sharded on the keys when the
 * input co-locates them; otherwise the planner must exchange first.
 */
export interface AggregateNode {
  readonly kind: "Aggregate";
  readonly input: PlanNode;
  readonly keys: readonly string[];
  readonly aggregates: readonly NamedAggregate[];
  readonly schema: Schema;
  readonly sharding: Sharding;
}

export const AggregateNode = {
  create(input: PlanNode, aggregates: readonly NamedAggregate[]): AggregateNode {
    const keys = GroupByNode.is(input) ? input.keys : [];
    const scope = input.schema;
    const fields: Field[] = keys.map((k) => findField(scope, k)!);
    const names = new Set<string>(keys);
    for (const a of aggregates) {
      if (names.has(a.name)) throw new PlanValidationError(`agg: output column "${a.name}" clashes with a key or another aggregate; rename it.`);
      names.add(a.name);
      const typed = resolveAggregate(a.agg, scope, `agg ${a.name}`);
      fields.push(field(a.name, typed.type, typed.nullable));
    }
    const s = input.sharding;
    // Every rank of a replicated input holds every row, so it computes every group: still replicated.
    const sharding =
      keys.length === 0
        ? s.kind === "single" ? Sharding.single : Sharding.replicated(s.axis)
        : s.kind === "hash" && colocates(s, keys) ? s : s.kind === "single" || s.kind === "replicated" ? s : Sharding.hash(keys, s.axis);
    return freezeNode({
      kind: "Aggregate",
      input,
      keys: Object.freeze([...keys]),
      aggregates: Object.freeze(aggregates.map((a) => Object.freeze({ ...a }))),
      schema: makeSchema(fields),
      sharding,
    });
  },
  is: (n: { kind: string }): n is AggregateNode => n.kind === "Aggregate",
};
