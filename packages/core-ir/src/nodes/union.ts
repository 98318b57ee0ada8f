import { PlanValidationError, TypeMismatchError } from "../errors/trace-errors.js";
import { commonType } from "../expr/operators.js";
import { Sharding } from "../sharding/sharding.js";
import { formatSchema, field, schema as makeSchema, type Schema } from "../types/schema.js";
import { freezeNode } from "./freeze.js";
import type { PlanNode } from "./plan-node.js";

/**
 * Concatenates inputs with the same column names in the same order (UNION ALL).
 *
 * @example
 * ```ts
 * import { field, ScanNode, schema, t, UnionNode } from "@datajax/core-ir";
 *
 * const s = schema([field("PULocationID", t.int32, false), field("fare_amount", t.float64)]);
 * const jan = ScanNode.create({ kind: "parquet", name: "jan", uri: "data/2024-01.parquet" }, s);
 * const feb = ScanNode.create({ kind: "parquet", name: "feb", uri: "data/2024-02.parquet" }, s);
 * const both = UnionNode.create([jan, feb]);
 * ```
 */
export interface UnionNode {
  /** Discriminant of the PlanNode union. */
  readonly kind: "Union";
  /** The nodes it concatenates, in order (at least one). */
  readonly inputs: readonly PlanNode[];
  /** Output schema: the shared names, each column of the inputs' common type, nullable if any input's is. */
  readonly schema: Schema;
  /** Single when every input is single, else block. */
  readonly sharding: Sharding;
}

/**
 * Factory and type guard of Union nodes.
 *
 * @example
 * ```ts
 * import { field, ScanNode, schema, t, UnionNode } from "@datajax/core-ir";
 *
 * const trips = ScanNode.create({ kind: "argument", name: "trips", uri: "arg:0", slot: 0 }, schema([field("PULocationID", t.int32, false), field("fare_amount", t.float64)]));
 * UnionNode.is(UnionNode.create([trips, trips])); // true
 * ```
 */
export const UnionNode = {
  /**
   * Builds a Union. Throws PlanValidationError for no inputs or inputs whose column names differ
   * (in name, number or order), TypeMismatchError for a column with no common type.
   */
  create(inputs: readonly PlanNode[]): UnionNode {
    if (inputs.length < 1) throw new PlanValidationError("union: needs at least one input.");
    const first = inputs[0]!.schema;
    const misaligned = (other: Schema) =>
      new PlanValidationError(`union: inputs must have the same columns in the same order.\n  first: ${formatSchema(first)}\n  other: ${formatSchema(other)}\n  Select and rename the columns so they line up.`);
    // Checked up front so that a first input with no columns cannot hide the others' columns.
    for (const other of inputs.slice(1)) if (other.schema.fields.length !== first.fields.length) throw misaligned(other.schema);
    const fields = first.fields.map((f, i) => {
      let type = f.type;
      let nullable = f.nullable;
      for (const other of inputs.slice(1)) {
        const g = other.schema.fields[i];
        if (!g || g.name !== f.name) throw misaligned(other.schema);
        const c = commonType([type, g.type]);
        if (!c) throw new TypeMismatchError("union", `column ${f.name} has incompatible types`, "Cast it to one type in every input.");
        type = c;
        nullable ||= g.nullable;
      }
      return field(f.name, type, nullable);
    });
    const shardings = inputs.map((n) => n.sharding);
    const distributed = shardings.find((s) => s.kind !== "single");
    const sharding = distributed && "axis" in distributed ? Sharding.block(distributed.axis) : Sharding.single;
    return freezeNode({ kind: "Union", inputs: Object.freeze([...inputs]), schema: makeSchema(fields), sharding });
  },
  /** Whether `n` is a UnionNode (narrows the type). */
  is: (n: { kind: string }): n is UnionNode => n.kind === "Union",
};
