import {
  formatType,
  isFloat,
  formatAggregate,
  formatExpr,
  resolveExpr,
  walkPlan,
  type Expr,
  type PlanNode,
  type Schema,
  type Stage,
  type TypedExpr,
  type UnsupportedFeature,
} from "@datajax/core-ir";
import { ORDER_COLUMN } from "./sql/sql-text.js";

/** Why one expression cannot be translated faithfully, or null when it can. */
function expressionProblem(e: TypedExpr): string | null {
  if (e.kind !== "call") return null;
  for (const a of e.args) {
    const p = expressionProblem(a);
    if (p) return p;
  }
  if (e.op === "cast" && e.type.id === "utf8" && isFloat(e.args[0]!.type)) {
    return `cast(${formatType(e.args[0]!.type)} → utf8) prints floats as JavaScript does (1 and 0.30000000000000004), which DuckDB's float text (1.0, 0.3) does not reproduce; round or cast to an integer first, or run this stage on the local backend.`;
  }
  return null;
}

/** The expressions a node evaluates, with the schema they read. */
function expressionsOf(n: PlanNode): { expr: Expr; scope: Schema }[] {
  switch (n.kind) {
    case "Scan": return n.filter ? [{ expr: n.filter, scope: n.sourceSchema }] : [];
    case "Map": return n.assignments.map((a) => ({ expr: a.expr, scope: n.input.schema }));
    case "Filter": return [{ expr: n.predicate, scope: n.input.schema }];
    case "Aggregate": return n.aggregates.flatMap((a) => (a.agg.arg ? [{ expr: a.agg.arg, scope: n.input.schema }] : []));
    default: return [];
  }
}

/** What in one node the DuckDB backend cannot run, as reasons. */
function nodeProblems(n: PlanNode): string[] {
  const problems: string[] = [];
  if (n.kind === "CustomUDF") {
    problems.push(`user function "${n.name}" is JavaScript (${n.mode} mode), which DuckDB cannot call; run it on the local backend, or give the executor a fallback backend (djit(fn, { fallbackBackend: "local" })).`);
  }
  for (const f of n.schema.fields) {
    if (f.name === ORDER_COLUMN) problems.push(`column "${f.name}" is the name this backend uses for row order; rename it.`);
    if (f.type.id === "null") problems.push(`column "${f.name}" has type null (an untyped null literal); give the literal a type, e.g. lit(null, t.int32).`);
  }
  for (const { expr, scope } of expressionsOf(n)) {
    const p = expressionProblem(resolveExpr(expr, scope));
    if (p) problems.push(p);
  }
  return problems;
}

/** A node as the plan listing prints it, e.g. `udf[score]` or `map[label = cast(x)]`. */
function nodeLabel(n: PlanNode): string {
  switch (n.kind) {
    case "CustomUDF": return `udf[${n.name}]`;
    case "Map": return `map[${n.assignments.map((a) => `${a.name} = ${formatExpr(a.expr)}`).join(", ")}]`;
    case "Filter": return `filter[${formatExpr(n.predicate)}]`;
    case "Scan": return `scan[${n.source.name}${n.filter ? ` filter=${formatExpr(n.filter)}` : ""}]`;
    case "Aggregate": return `aggregate[${n.aggregates.map((a) => `${a.name} = ${formatAggregate(a.agg)}`).join(", ")}]`;
    default: return n.kind.toLowerCase();
  }
}

/** Every node of `stage` the DuckDB backend cannot translate faithfully, with a reason a user can act on. */
export function unsupportedInStage(stage: Stage): UnsupportedFeature[] {
  const out: UnsupportedFeature[] = [];
  walkPlan(stage.plan, (n) => {
    for (const reason of nodeProblems(n)) out.push({ stageId: stage.id, node: nodeLabel(n), reason });
  });
  return out;
}
