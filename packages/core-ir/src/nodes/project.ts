import type { Sharding } from "../sharding/sharding.js";
import { ColumnNotFoundError, PlanValidationError } from "../errors/trace-errors.js";
import { renameSharding } from "../sharding/sharding.js";
import { field, findField, schema as makeSchema, type Schema } from "../types/schema.js";
import { freezeNode } from "./freeze.js";
import type { PlanNode } from "./plan-node.js";

/**
 * One output column of a Project: input column `from`, named `name`.
 *
 * @example
 * ```ts
 * import type { ProjectedColumn } from "@datajax/core-ir";
 *
 * const zone: ProjectedColumn = { name: "zone", from: "PULocationID" };
 * ```
 */
export interface ProjectedColumn {
  /** Output column name. */
  readonly name: string;
  /** Input column it takes its values from. */
  readonly from: string;
}

/**
 * Selects, reorders and renames columns.
 *
 * @example
 * ```ts
 * import { field, formatSchema, ProjectNode, ScanNode, schema, t } from "@datajax/core-ir";
 *
 * const trips = ScanNode.create({ kind: "argument", name: "trips", uri: "arg:0", slot: 0 }, schema([field("PULocationID", t.int32, false), field("fare_amount", t.float64)]));
 * const zones = ProjectNode.create(trips, [{ name: "zone", from: "PULocationID" }]);
 * formatSchema(zones.schema); // "{zone:int32}"
 * ```
 */
export interface ProjectNode {
  /** Discriminant of the PlanNode union. */
  readonly kind: "Project";
  /** The node it reads. */
  readonly input: PlanNode;
  /** The output columns, in order. */
  readonly columns: readonly ProjectedColumn[];
  /** Output schema: the selected columns, renamed, with their input types. */
  readonly schema: Schema;
  /** The input's sharding with hash keys renamed (a dropped key degrades it to block). */
  readonly sharding: Sharding;
}

/**
 * Factory and type guard of Project nodes.
 *
 * @example
 * ```ts
 * import { field, ProjectNode, ScanNode, schema, t } from "@datajax/core-ir";
 *
 * const trips = ScanNode.create({ kind: "argument", name: "trips", uri: "arg:0", slot: 0 }, schema([field("PULocationID", t.int32, false), field("fare_amount", t.float64)]));
 * const fares = ProjectNode.select(trips, ["fare_amount"]);
 * ProjectNode.is(fares); // true
 * ```
 */
export const ProjectNode = {
  /**
   * Builds a Project; `operation` is the verb errors name. Throws ColumnNotFoundError for an
   * unknown `from` column, PlanValidationError when an output name appears twice.
   */
  create(input: PlanNode, columns: readonly ProjectedColumn[], operation = "select"): ProjectNode {
    const names = new Set<string>();
    const fields = columns.map((c) => {
      const f = findField(input.schema, c.from);
      if (!f) throw new ColumnNotFoundError(operation, c.from, input.schema);
      if (names.has(c.name)) throw new PlanValidationError(`${operation}: output column "${c.name}" appears twice; rename one of them.`);
      names.add(c.name);
      return field(c.name, f.type, f.nullable);
    });
    return freezeNode({
      kind: "Project",
      input,
      columns: Object.freeze(columns.map((c) => Object.freeze({ ...c }))),
      schema: makeSchema(fields),
      sharding: renameSharding(input.sharding, (k) => columns.find((c) => c.from === k)?.name),
    });
  },
  /** A Project that keeps `names` as they are (same errors as `create`). */
  select(input: PlanNode, names: readonly string[], operation = "select"): ProjectNode {
    return ProjectNode.create(input, names.map((n) => ({ name: n, from: n })), operation);
  },
  /** Whether `n` is a ProjectNode (narrows the type). */
  is: (n: { kind: string }): n is ProjectNode => n.kind === "Project",
};
