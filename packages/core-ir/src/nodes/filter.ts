import type { Sharding } from "../sharding/sharding.js";
import type { Schema } from "../types/schema.js";
import { TypeMismatchError } from "../errors/trace-errors.js";
import type { Expr } from "../expr/expr.js";
import { resolveExpr } from "../expr/resolve.js";
import { formatType } from "../types/data-type.js";
import { freezeNode } from "./freeze.js";
import type { PlanNode } from "./plan-node.js";

/** Keeps the rows whose predicate is true (null counts as false); keeps the input's sharding. */
export interface FilterNode {
  readonly kind: "Filter";
  readonly input: PlanNode;
  readonly predicate: Expr;
  readonly schema: Schema;
  readonly sharding: Sharding;
}

export const FilterNode = {
  create(input: PlanNode, predicate: Expr): FilterNode {
    const typed = resolveExpr(predicate, input.schema, "filter");
    if (typed.type.id !== "bool" && typed.type.id !== "null") {
      throw new TypeMismatchError("filter", `the predicate is ${formatType(typed.type)}, not bool`, "Compare it first, e.g. col(\"x\").gt(0).", input.schema);
    }
    return freezeNode({ kind: "Filter", input, predicate, schema: input.schema, sharding: input.sharding });
  },
  is: (n: { kind: string }): n is FilterNode => n.kind === "Filter",
};
