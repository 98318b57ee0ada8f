import {
  columnsOf,
  findField,
  resolveAggregate,
  resolveExpr,
  STAGE_SOURCE_KIND,
  type DataType,
  type Field,
  type PlanNode,
  type ScanNode,
  schema as makeSchema,
  type Schema,
  type Stage,
} from "@datajax/core-ir";
import { aggregateExprSql } from "./aggregate-sql.js";
import { storageType } from "./duckdb-types.js";
import { convert, exprSql, type ColumnSql } from "./expression-sql.js";
import { ORD, quoteIdent } from "./sql-text.js";

/**
 * A table a stage's SQL reads: an argument registered from Arrow, or an earlier stage's output.
 *
 * @example
 * ```ts
 * import type { DuckDbCompiledStage, StageInput } from "@datajax-examples/backend-duckdb";
 *
 * const argumentTables = (c: DuckDbCompiledStage): StageInput[] => c.inputs.filter((i) => i.kind === "argument");
 * ```
 */
export type StageInput =
  | { readonly kind: "argument"; readonly table: string; readonly slot: number; readonly scan: ScanNode; readonly columns: Schema }
  | { readonly kind: "stage"; readonly table: string; readonly stageId: string };

/** The SQL of one stage and the tables it reads. */
export interface StageSql {
  /** One query: the stage's columns (storage types) and the row-order column, ordered by it. */
  readonly sql: string;
  readonly inputs: readonly StageInput[];
}

/** The DuckDB table holding stage `id`'s output for the stages that read it. */
export const stageTable = (id: string): string => `djx_stage_${id}`;

/** A column of relation alias `t` read in its compute type (float32 computes as DOUBLE). */
const columnOf = (alias: string): ColumnSql => (name, type) => {
  const ref = `${alias}.${quoteIdent(name)}`;
  return type.id === "float32" ? `CAST(${ref} AS DOUBLE)` : ref;
};
/** An output column: `sql` (in the compute type of `from`) stored as `field`'s type. */
const stored = (sql: string, from: DataType, field: Field) => `CAST(${convert(sql, from, field.type)} AS ${storageType(field.type)}) AS ${quoteIdent(field.name)}`;
const passed = (alias: string, name: string, as = name) => `${alias}.${quoteIdent(name)} AS ${quoteIdent(as)}`;
const keep = (alias: string) => `${alias}.${ORD} AS ${ORD}`;

interface Builder {
  /** The CTE name holding a node's rows. */
  relation(node: PlanNode): string;
}

/** The SELECT of a Scan over its registered table; records the table in `inputs`. */
function scanSql(n: ScanNode, inputs: StageInput[], stageId: string): string {
  let table: string;
  if (n.source.kind === STAGE_SOURCE_KIND) {
    const id = n.source.uri.startsWith("stage:") ? n.source.uri.slice("stage:".length) : n.source.name;
    table = stageTable(id);
    if (!inputs.some((i) => i.table === table)) inputs.push({ kind: "stage", table, stageId: id });
  } else {
    table = `djx_${stageId}_arg${inputs.length}`;
    // The projection plus the filter's columns: what the source is asked for and the table holds.
    const wanted = n.columns ? [...n.columns] : n.sourceSchema.fields.map((f) => f.name);
    if (n.filter) for (const c of columnsOf(n.filter)) if (!wanted.includes(c)) wanted.push(c);
    inputs.push({ kind: "argument", table, slot: n.source.slot ?? 0, scan: n, columns: makeSchema(wanted.map((w) => findField(n.sourceSchema, w)!)) });
  }
  const where = n.filter ? ` WHERE ${exprSql(resolveExpr(n.filter, n.sourceSchema, "scan filter"), columnOf("t"))}` : "";
  return `SELECT ${[...n.schema.fields.map((f) => passed("t", f.name)), keep("t")].join(", ")} FROM ${quoteIdent(table)} AS t${where}`;
}

const selectNode: { readonly [K in Exclude<PlanNode["kind"], "Scan">]: (node: Extract<PlanNode, { kind: K }>, b: Builder) => string } = {
  Map: (n, b) => {
    const assigned = new Map(n.assignments.map((a) => [a.name, resolveExpr(a.expr, n.input.schema, `with_columns ${a.name}`)]));
    const cols = n.schema.fields.map((f) => {
      const e = assigned.get(f.name);
      return e ? stored(exprSql(e, columnOf("t")), e.type, f) : passed("t", f.name);
    });
    return `SELECT ${[...cols, keep("t")].join(", ")} FROM ${b.relation(n.input)} AS t`;
  },
  Project: (n, b) => `SELECT ${[...n.columns.map((c) => passed("t", c.from, c.name)), keep("t")].join(", ")} FROM ${b.relation(n.input)} AS t`,
  Filter: (n, b) =>
    `SELECT ${[...n.schema.fields.map((f) => passed("t", f.name)), keep("t")].join(", ")} FROM ${b.relation(n.input)} AS t WHERE ${exprSql(resolveExpr(n.predicate, n.input.schema, "filter"), columnOf("t"))}`,
  // A GroupBy only shapes the Aggregate above it; alone it passes its rows through.
  GroupBy: (n, b) => `SELECT * FROM ${b.relation(n.input)}`,
  Aggregate: (n, b) => {
    const source = n.input.kind === "GroupBy" ? n.input.input : n.input;
    const scope = n.input.schema;
    const aggs = n.aggregates.map((a, i) => {
      const typed = resolveAggregate(a.agg, scope, `agg ${a.name}`);
      return stored(aggregateExprSql(typed, columnOf("t")), typed.type, n.schema.fields[n.keys.length + i]!);
    });
    const keys = n.keys.map((k) => passed("t", k));
    const order = n.keys.length > 0 ? `min(t.${ORD}) AS ${ORD}` : `CAST(0 AS BIGINT) AS ${ORD}`;
    const group = n.keys.length > 0 ? ` GROUP BY ${n.keys.map((k) => `t.${quoteIdent(k)}`).join(", ")}` : "";
    return `SELECT ${[...keys, ...aggs, order].join(", ")} FROM ${b.relation(source)} AS t${group}`;
  },
  Join: (n, b) => {
    const on = n.leftOn.map((l, i) => `l.${quoteIdent(l)} = r.${quoteIdent(n.rightOn[i]!)}`).join(" AND ");
    const left = b.relation(n.left);
    const right = b.relation(n.right);
    if (n.how === "semi" || n.how === "anti") {
      return `SELECT ${[...n.schema.fields.map((f) => passed("l", f.name)), keep("l")].join(", ")} FROM ${left} AS l ${n.how === "semi" ? "SEMI" : "ANTI"} JOIN ${right} AS r ON ${on}`;
    }
    const fields = n.schema.fields;
    const cols: string[] = n.left.schema.fields.map((f, i) => {
      const k = n.leftOn.indexOf(f.name);
      if (k < 0) return passed("l", f.name);
      // Keys are coalesced (left value, else right) in their common type.
      const out = fields[i]!;
      const rk = findField(n.right.schema, n.rightOn[k]!)!;
      return `CAST(COALESCE(${convert(columnOf("l")(f.name, f.type), f.type, out.type)}, ${convert(columnOf("r")(rk.name, rk.type), rk.type, out.type)}) AS ${storageType(out.type)}) AS ${quoteIdent(out.name)}`;
    });
    let next = n.left.schema.fields.length;
    for (const f of n.right.schema.fields) {
      if (n.rightOn.includes(f.name)) continue;
      cols.push(passed("r", f.name, fields[next++]!.name));
    }
    const how = { inner: "JOIN", left: "LEFT JOIN", right: "RIGHT JOIN", full: "FULL OUTER JOIN" }[n.how];
    return `SELECT ${[...cols, `row_number() OVER (ORDER BY l.${ORD} NULLS LAST, r.${ORD} NULLS LAST) AS ${ORD}`].join(", ")} FROM ${left} AS l ${how} ${right} AS r ON ${on}`;
  },
  // One process holds every row: an exchange moves nothing.
  Repartition: (n, b) => `SELECT * FROM ${b.relation(n.input)}`,
  CustomUDF: (n) => {
    throw new Error(`backend-duckdb: udf ${n.name} runs JavaScript; unsupported() reports it and it is never compiled`);
  },
  Sort: (n, b) => {
    const keys = n.keys.map((k) => `t.${quoteIdent(k.column)} ${k.descending ? "DESC" : "ASC"} ${k.nullsLast ? "NULLS LAST" : "NULLS FIRST"}`);
    return `SELECT ${[...n.schema.fields.map((f) => passed("t", f.name)), `row_number() OVER (ORDER BY ${[...keys, `t.${ORD}`].join(", ")}) AS ${ORD}`].join(", ")} FROM ${b.relation(n.input)} AS t`;
  },
  Limit: (n, b) => {
    const cols = [...n.schema.fields.map((f) => passed("t", f.name)), keep("t")].join(", ");
    if (n.by.length === 0) return `SELECT ${cols} FROM ${b.relation(n.input)} AS t ORDER BY t.${ORD} LIMIT ${n.count} OFFSET ${n.offset}`;
    return `SELECT ${cols} FROM ${b.relation(n.input)} AS t QUALIFY row_number() OVER (PARTITION BY ${n.by.map((k) => `t.${quoteIdent(k)}`).join(", ")} ORDER BY t.${ORD}) BETWEEN ${n.offset + 1} AND ${n.offset + n.count}`;
  },
  Union: (n, b) => {
    const branches = n.inputs.map((input, i) => {
      const cols = n.schema.fields.map((f, c) => {
        const g = input.schema.fields[c]!;
        return stored(columnOf("t")(g.name, g.type), g.type, f);
      });
      return `SELECT ${[...cols, `${i} AS djx_branch`, keep("t")].join(", ")} FROM ${b.relation(input)} AS t`;
    });
    const cols = n.schema.fields.map((f) => passed("u", f.name));
    return `SELECT ${[...cols, `row_number() OVER (ORDER BY u.djx_branch, u.${ORD}) AS ${ORD}`].join(", ")} FROM (${branches.join(" UNION ALL ")}) AS u`;
  },
};

/**
 * The SQL of a stage: one CTE per plan node (a shared subplan once), then the stage's columns
 * cast to their storage types, in input order. Every relation carries a unique row-order column
 * (`__djx_ord`), which is how Limit, first/last and stable Sort keep the reference's order.
 */
export function stageSql(stage: Stage): StageSql {
  const inputs: StageInput[] = [];
  const ctes: string[] = [];
  const names = new Map<PlanNode, string>();
  const builder: Builder = {
    relation(node) {
      const known = names.get(node);
      if (known) return known;
      const body = node.kind === "Scan" ? scanSql(node, inputs, stage.id) : (selectNode[node.kind] as (n: PlanNode, b: Builder) => string)(node, builder);
      const name = `n${ctes.length}`;
      ctes.push(`${name} AS (${body})`);
      names.set(node, name);
      return name;
    },
  };
  const root = builder.relation(stage.plan);
  const cols = stage.schema.fields.map((f) => `CAST(o.${quoteIdent(f.name)} AS ${storageType(f.type)}) AS ${quoteIdent(f.name)}`);
  const sql = `WITH ${ctes.join(",\n  ")}\nSELECT ${[...cols, `o.${ORD} AS ${ORD}`].join(", ")} FROM ${root} AS o ORDER BY o.${ORD}`;
  return { sql, inputs };
}

