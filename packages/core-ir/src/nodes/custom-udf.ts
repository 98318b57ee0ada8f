import { ColumnNotFoundError } from "../errors/trace-errors.js";
import { Sharding } from "../sharding/sharding.js";
import { findField, type Schema } from "../types/schema.js";
import { freezeNode } from "./freeze.js";
import type { PlanNode } from "./plan-node.js";

/**
 * An opaque user function with a declared output schema. `vectorized` functions receive column
 * arrays of one batch; `row` functions receive one row object at a time. The function itself lives
 * in a runtime UDF registry under `name`; the IR only holds the name (so plans serialize).
 */
export interface CustomUdfNode {
  readonly kind: "CustomUDF";
  readonly input: PlanNode;
  readonly name: string;
  readonly mode: "vectorized" | "row";
  readonly reads: readonly string[];
  readonly schema: Schema;
  readonly sharding: Sharding;
}

export const CustomUdfNode = {
  create(input: PlanNode, name: string, mode: "vectorized" | "row", reads: readonly string[], outputSchema: Schema): CustomUdfNode {
    for (const c of reads) if (!findField(input.schema, c)) throw new ColumnNotFoundError(`udf ${name}`, c, input.schema);
    const s = input.sharding;
    return freezeNode({
      kind: "CustomUDF", input, name, mode, reads: Object.freeze([...reads]), schema: outputSchema,
      sharding: s.kind === "hash" ? Sharding.block(s.axis) : s,
    });
  },
  is: (n: { kind: string }): n is CustomUdfNode => n.kind === "CustomUDF",
};
