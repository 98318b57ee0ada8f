import type { Sharding } from "../sharding/sharding.js";
import { PlanValidationError } from "../errors/trace-errors.js";
import type { Expr } from "../expr/expr.js";
import { resolveExpr } from "../expr/resolve.js";
import { renameSharding } from "../sharding/sharding.js";
import { field, schema as makeSchema, type Field, type Schema } from "../types/schema.js";
import { freezeNode } from "./freeze.js";
import type { PlanNode } from "./plan-node.js";

export interface Assignment {
  readonly name: string;
  readonly expr: Expr;
}

/**
 * Adds or replaces columns; every expression reads the input's columns (not each other's).
 * A replaced column keeps its position; new columns are appended in order.
 */
export interface MapNode {
  readonly kind: "Map";
  readonly input: PlanNode;
  readonly assignments: readonly Assignment[];
  readonly schema: Schema;
  readonly sharding: Sharding;
}

export const MapNode = {
  create(input: PlanNode, assignments: readonly Assignment[], operation = "with_columns"): MapNode {
    const seen = new Set<string>();
    const computed = new Map<string, Field>();
    for (const a of assignments) {
      if (seen.has(a.name)) throw new PlanValidationError(`${operation}: column "${a.name}" is assigned twice in one step; split it into two steps.`);
      seen.add(a.name);
      const typed = resolveExpr(a.expr, input.schema, `${operation} ${a.name}`);
      computed.set(a.name, field(a.name, typed.type, typed.nullable));
    }
    const fields: Field[] = input.schema.fields.map((f) => computed.get(f.name) ?? f);
    for (const a of assignments) if (!input.schema.fields.some((f) => f.name === a.name)) fields.push(computed.get(a.name)!);
    const replaced = new Set(assignments.map((a) => a.name));
    return freezeNode({
      kind: "Map",
      input,
      assignments: Object.freeze(assignments.map((a) => Object.freeze({ ...a }))),
      schema: makeSchema(fields),
      sharding: renameSharding(input.sharding, (k) => (replaced.has(k) ? undefined : k)),
    });
  },
  is: (n: { kind: string }): n is MapNode => n.kind === "Map",
};
