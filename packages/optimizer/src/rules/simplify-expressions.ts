import { AggregateNode, FilterNode, MapNode, ScanNode, type Expr, type PlanNode } from "@datajax/core-ir";
import { simplifyExpr } from "../internal/simplify-expr.js";
import type { Rule } from "../rule.js";

/**
 * Folds and simplifies the expressions of Filter, Map, Aggregate and Scan.filter:
 *
 *   Filter: (fare > (1 + 1)) and true        →  Filter: fare > 2
 *   Map: y = not (not flag), z = x or false  →  Map: y = flag, z = x
 *   Scan: t filter=true                      →  Scan: t
 *
 * - literal-only arithmetic, comparison, boolean and null tests are evaluated with SQL null
 *   semantics (`null + 1 → null`, `false and null → false`); the folded literal gets exactly the
 *   type resolveExpr gives the call (`1 + 2.5` → a float64 literal). Overflow, division by zero,
 *   NaN and other cases where a backend's answer is not pinned down are left alone;
 * - `x and true → x`, `x and false → false`, `x or false → x`, `x or true → true`,
 *   `not not x → x`, `if_else(literal, a, b)` → the taken branch (only when the types agree);
 * - `is_null(x)` / `fill_null(x, y)` on a column declared non-nullable.
 * Map columns keep their nullability (it is part of the schema); predicates need not.
 *
 * Needs nothing before it; run it first (and again after pushdown, which conjoins predicates).
 *
 * @example
 * ```ts
 * import { explainTree, field, schema, t } from "@datajax/core-ir";
 * import { Frame, col, lit } from "@datajax/transforms";
 * import { simplifyExpressions, optimizeWith } from "@datajax/optimizer";
 * const trips = Frame.fromSchema("trips", schema([field("fare", t.float64), field("tip", t.float64)]));
 * const plan = trips.filter(col("fare").gt(lit(1).add(1)).and(true)).plan;
 * console.log(explainTree(optimizeWith([simplifyExpressions], plan)));
 * // Filter: fare > 2
 * //   Scan: trips
 * ```
 */
export const simplifyExpressions: Rule = {
  name: "simplify_expressions",
  order: "bottom_up",
  apply(node: PlanNode): PlanNode {
    switch (node.kind) {
      case "Filter": {
        const p = simplifyExpr(node.predicate, node.input.schema, false);
        return p === node.predicate ? node : FilterNode.create(node.input, p);
      }
      case "Map": {
        const scope = node.input.schema;
        const assignments = node.assignments.map((a) => {
          const expr = simplifyExpr(a.expr, scope, true);
          return expr === a.expr ? a : { name: a.name, expr };
        });
        return assignments.every((a, i) => a === node.assignments[i]) ? node : MapNode.create(node.input, assignments);
      }
      case "Aggregate": {
        const scope = node.input.schema;
        const aggregates = node.aggregates.map((a) => {
          if (a.agg.arg === null) return a;
          const arg = simplifyExpr(a.agg.arg, scope, false);
          return arg === a.agg.arg ? a : { name: a.name, agg: { fn: a.agg.fn, arg } };
        });
        return aggregates.every((a, i) => a === node.aggregates[i]) ? node : AggregateNode.create(node.input, aggregates);
      }
      case "Scan": {
        if (node.filter === null) return node;
        const f: Expr = simplifyExpr(node.filter, node.sourceSchema, false);
        if (f === node.filter) return node;
        const filter = f.kind === "literal" && f.value === true ? null : f;
        return ScanNode.create(node.source, node.sourceSchema, { columns: node.columns, filter, sharding: node.sharding });
      }
      default:
        return node;
    }
  },
};
