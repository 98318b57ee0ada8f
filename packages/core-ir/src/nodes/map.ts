import type { Sharding } from "../sharding/sharding.js";
import { PlanValidationError } from "../errors/trace-errors.js";
import type { Expr } from "../expr/expr.js";
import { resolveExpr } from "../expr/resolve.js";
import { renameSharding } from "../sharding/sharding.js";
import { field, schema as makeSchema, type Field, type Schema } from "../types/schema.js";
import { freezeNode } from "./freeze.js";
import type { PlanNode } from "./plan-node.js";

/**
 * One output column of a Map: `name = expr`.
 *
 * @example
 * ```ts
 * import { Expr, type Assignment } from "@datajax/core-ir";
 *
 * const tipRatio: Assignment = { name: "tip_ratio", expr: Expr.call("div", [Expr.column("tip_amount"), Expr.column("total_amount")]) };
 * ```
 */
export interface Assignment {
  /** The column it adds or replaces. */
  readonly name: string;
  /** Its value, over the input's columns. */
  readonly expr: Expr;
}

/**
 * Adds or replaces columns; every expression reads the input's columns (not each other's).
 * A replaced column keeps its position; new columns are appended in order.
 *
 * @example
 * ```ts
 * import { Expr, field, MapNode, ScanNode, schema, t } from "@datajax/core-ir";
 *
 * const trips = ScanNode.create({ kind: "argument", name: "trips", uri: "arg:0", slot: 0 }, schema([field("PULocationID", t.int32, false), field("fare_amount", t.float64)]));
 * const doubled = MapNode.create(trips, [{ name: "double_fare", expr: Expr.call("mul", [Expr.column("fare_amount"), Expr.literal(2, t.float64)]) }]);
 * doubled.schema.fields.map((f) => f.name); // ["PULocationID", "fare_amount", "double_fare"]
 * ```
 */
export interface MapNode {
  /** Discriminant of the PlanNode union. */
  readonly kind: "Map";
  /** The node it reads. */
  readonly input: PlanNode;
  /** The columns it computes, all from the input's columns. */
  readonly assignments: readonly Assignment[];
  /** Output schema: the input's columns (replaced ones retyped), then the new ones. */
  readonly schema: Schema;
  /** The input's sharding; a hash on a replaced column degrades to block. */
  readonly sharding: Sharding;
}

/**
 * Factory and type guard of Map nodes.
 *
 * @example
 * ```ts
 * import { Expr, field, MapNode, ScanNode, schema, t } from "@datajax/core-ir";
 *
 * const trips = ScanNode.create({ kind: "argument", name: "trips", uri: "arg:0", slot: 0 }, schema([field("PULocationID", t.int32, false), field("fare_amount", t.float64)]));
 * const mapped = MapNode.create(trips, [{ name: "fare_amount", expr: Expr.call("abs", [Expr.column("fare_amount")]) }]);
 * MapNode.is(mapped); // true
 * ```
 */
export const MapNode = {
  /**
   * Builds a Map; `operation` is the verb errors name. Throws PlanValidationError when a name is
   * assigned twice, ColumnNotFoundError / TypeMismatchError when an expression does not type-check.
   */
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
  /** Whether `n` is a MapNode (narrows the type). */
  is: (n: { kind: string }): n is MapNode => n.kind === "Map",
};
