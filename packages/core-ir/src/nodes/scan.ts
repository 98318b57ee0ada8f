import { ColumnNotFoundError, PlanValidationError, TypeMismatchError } from "../errors/trace-errors.js";
import type { Expr } from "../expr/expr.js";
import { resolveExpr } from "../expr/resolve.js";
import { Sharding } from "../sharding/sharding.js";
import { findField, schema as makeSchema, type Schema } from "../types/schema.js";
import { freezeNode } from "./freeze.js";

/**
 * Where a Scan's rows come from. `kind: "argument"` is the `slot`-th argument of a traced function
 * (bound to data at run time); other kinds (`parquet`, `arrow-ipc`, ...) name a source plugin.
 */
export interface SourceRef {
  readonly kind: string;
  readonly name: string;
  readonly uri: string;
  readonly slot?: number;
}

/**
 * Reads a source. `columns` (null = all) is the projection pushed into the reader; `filter` is a
 * predicate pushed into the reader: rows for which it is not true are dropped by the scan.
 */
export interface ScanNode {
  readonly kind: "Scan";
  readonly source: SourceRef;
  readonly sourceSchema: Schema;
  readonly columns: readonly string[] | null;
  readonly filter: Expr | null;
  readonly schema: Schema;
  readonly sharding: Sharding;
}

export const ScanNode = {
  create(
    source: SourceRef,
    sourceSchema: Schema,
    options: { columns?: readonly string[] | null; filter?: Expr | null; sharding?: Sharding } = {},
  ): ScanNode {
    const columns = options.columns ?? null;
    const fields = columns
      ? columns.map((c) => {
          const f = findField(sourceSchema, c);
          if (!f) throw new ColumnNotFoundError(`scan ${source.name}`, c, sourceSchema);
          return f;
        })
      : sourceSchema.fields;
    const sharding = options.sharding ?? Sharding.single;
    if (sharding.kind === "hash" && sharding.keys.length === 0) throw new PlanValidationError(`scan ${source.name}: a hash sharding needs at least one key column.`);
    const filter = options.filter ?? null;
    if (filter) {
      const typed = resolveExpr(filter, sourceSchema, `scan ${source.name} filter`);
      if (typed.type.id !== "bool") throw new TypeMismatchError("scan filter", "the pushed predicate is not a bool", "Push only boolean predicates.", sourceSchema);
    }
    return freezeNode({
      kind: "Scan",
      source: Object.freeze({ ...source }),
      sourceSchema,
      columns: columns ? Object.freeze([...columns]) : null,
      filter,
      schema: makeSchema(fields),
      sharding,
    });
  },
  is: (n: { kind: string }): n is ScanNode => n.kind === "Scan",
};
