import { ColumnNotFoundError } from "../errors/trace-errors.js";
import { Sharding } from "../sharding/sharding.js";
import { findField, type Schema } from "../types/schema.js";
import { freezeNode } from "./freeze.js";
import type { PlanNode } from "./plan-node.js";

/**
 * An opaque user function with a declared output schema. `vectorized` functions receive column
 * arrays of one batch; `row` functions receive one row object at a time. The function itself lives
 * in a runtime UDF registry under `name`; the IR only holds the name (so plans serialize).
 *
 * @example
 * ```ts
 * import { CustomUdfNode, field, ScanNode, schema, t } from "@datajax/core-ir";
 *
 * const trips = ScanNode.create({ kind: "argument", name: "trips", uri: "arg:0", slot: 0 }, schema([field("PULocationID", t.int32, false), field("fare_amount", t.float64)]));
 * const out = schema([field("PULocationID", t.int32, false), field("bucket", t.int8)]);
 * const bucketed = CustomUdfNode.create(trips, "fare_bucket", "row", ["PULocationID", "fare_amount"], out);
 * ```
 */
export interface CustomUdfNode {
  /** Discriminant of the PlanNode union. */
  readonly kind: "CustomUDF";
  /** The node it reads. */
  readonly input: PlanNode;
  /** Name of the implementation in the UDF registry. */
  readonly name: string;
  /** How the function is called: per batch of columns, or per row. */
  readonly mode: "vectorized" | "row";
  /** The input columns the function receives. */
  readonly reads: readonly string[];
  /** The declared output schema. */
  readonly schema: Schema;
  /** The input's sharding, except that hash degrades to block (the output may drop the keys). */
  readonly sharding: Sharding;
}

/**
 * Factory and type guard of CustomUDF nodes.
 *
 * @example
 * ```ts
 * import { CustomUdfNode, field, ScanNode, schema, t } from "@datajax/core-ir";
 *
 * const trips = ScanNode.create({ kind: "argument", name: "trips", uri: "arg:0", slot: 0 }, schema([field("PULocationID", t.int32, false), field("fare_amount", t.float64)]));
 * const scored = CustomUdfNode.create(trips, "score", "vectorized", ["fare_amount"], schema([field("score", t.float64)]));
 * CustomUdfNode.is(scored); // true
 * ```
 */
export const CustomUdfNode = {
  /** Builds a CustomUDF with output schema `outputSchema`. Throws ColumnNotFoundError for a `reads` column not in the input. */
  create(input: PlanNode, name: string, mode: "vectorized" | "row", reads: readonly string[], outputSchema: Schema): CustomUdfNode {
    for (const c of reads) if (!findField(input.schema, c)) throw new ColumnNotFoundError(`udf ${name}`, c, input.schema);
    const s = input.sharding;
    return freezeNode({
      kind: "CustomUDF", input, name, mode, reads: Object.freeze([...reads]), schema: outputSchema,
      sharding: s.kind === "hash" ? Sharding.block(s.axis) : s,
    });
  },
  /** Whether `n` is a CustomUdfNode (narrows the type). */
  is: (n: { kind: string }): n is CustomUdfNode => n.kind === "CustomUDF",
};
