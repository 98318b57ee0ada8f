import { ColumnNotFoundError, PlanValidationError, TypeMismatchError } from "../errors/trace-errors.js";
import type { Expr } from "../expr/expr.js";
import { resolveExpr } from "../expr/resolve.js";
import { Sharding } from "../sharding/sharding.js";
import { findField, schema as makeSchema, type Schema } from "../types/schema.js";
import { freezeNode } from "./freeze.js";

/**
 * Where a Scan's rows come from. `kind: "argument"` is the `slot`-th argument of a traced function
 * (bound to data at run time); other kinds (`parquet`, `arrow-ipc`, ...) name a source plugin.
 *
 * @example
 * ```ts
 * import type { SourceRef } from "@datajax/core-ir";
 *
 * const argument: SourceRef = { kind: "argument", name: "trips", uri: "arg:0", slot: 0 };
 * const file: SourceRef = { kind: "parquet", name: "taxi", uri: "data/yellow_tripdata_2024-01.parquet" };
 * ```
 */
export interface SourceRef {
  /** `argument`, `stage`, or the kind of a source plugin (`parquet`...). */
  readonly kind: string;
  /** Display name (the argument's or table's name). */
  readonly name: string;
  /** Identity of the data: a path, `arg:<slot>`, `stage:<id>`... */
  readonly uri: string;
  /** Position of the traced function's argument, for `argument` sources. */
  readonly slot?: number;
}

/**
 * Reads a source. `columns` (null = all) is the projection pushed into the reader; `filter` is a
 * predicate pushed into the reader: rows for which it is not true are dropped by the scan.
 *
 * @example
 * ```ts
 * import { Expr, field, ScanNode, schema, t } from "@datajax/core-ir";
 *
 * const taxi = schema([field("PULocationID", t.int32, false), field("fare_amount", t.float64), field("tip_amount", t.float64)]);
 * const scan = ScanNode.create({ kind: "parquet", name: "taxi", uri: "data/taxi.parquet" }, taxi, {
 *   columns: ["PULocationID", "fare_amount"],
 *   filter: Expr.call("gt", [Expr.column("fare_amount"), Expr.literal(0, t.float64)]),
 * });
 * scan.schema.fields.length; // 2
 * ```
 */
export interface ScanNode {
  /** Discriminant of the PlanNode union. */
  readonly kind: "Scan";
  /** Where the rows come from. */
  readonly source: SourceRef;
  /** The source's full schema (before the projection). */
  readonly sourceSchema: Schema;
  /** Columns to read, in this order; null reads all. */
  readonly columns: readonly string[] | null;
  /** Pushed-down predicate over the source's columns, or null. */
  readonly filter: Expr | null;
  /** Output schema: the projected columns of `sourceSchema`. */
  readonly schema: Schema;
  /** How the scanned rows are laid out (default single). */
  readonly sharding: Sharding;
}

/**
 * Factory and type guard of Scan nodes.
 *
 * @example
 * ```ts
 * import { field, ScanNode, schema, Sharding, t } from "@datajax/core-ir";
 *
 * const trips = ScanNode.create({ kind: "argument", name: "trips", uri: "arg:0", slot: 0 }, schema([field("PULocationID", t.int32)]), { sharding: Sharding.block() });
 * ScanNode.is(trips); // true
 * ```
 */
export const ScanNode = {
  /**
   * Builds a Scan. Throws ColumnNotFoundError for a projected column not in `sourceSchema`,
   * PlanValidationError for a hash sharding without keys, TypeMismatchError for a non-bool filter.
   */
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
  /** Whether `n` is a ScanNode (narrows the type). */
  is: (n: { kind: string }): n is ScanNode => n.kind === "Scan",
};
