import type { Sharding } from "../sharding/sharding.js";
import { ColumnNotFoundError, PlanValidationError } from "../errors/trace-errors.js";
import { renameSharding } from "../sharding/sharding.js";
import { field, findField, schema as makeSchema, type Schema } from "../types/schema.js";
import { freezeNode } from "./freeze.js";
import type { PlanNode } from "./plan-node.js";

/** One output column of a Project: input column `from`, named `name`. */
export interface ProjectedColumn {
  readonly name: string;
  readonly from: string;
}

/** Selects, reorders and renames columns. */
export interface ProjectNode {
  readonly kind: "Project";
  readonly input: PlanNode;
  readonly columns: readonly ProjectedColumn[];
  readonly schema: Schema;
  readonly sharding: Sharding;
}

export const ProjectNode = {
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
  /** A Project that keeps `names` as they are. */
  select(input: PlanNode, names: readonly string[], operation = "select"): ProjectNode {
    return ProjectNode.create(input, names.map((n) => ({ name: n, from: n })), operation);
  },
  is: (n: { kind: string }): n is ProjectNode => n.kind === "Project",
};
