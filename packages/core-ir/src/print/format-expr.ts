import type { AggregateExpr, Expr, LiteralValue } from "../expr/expr.js";
import { operatorDef } from "../expr/operators.js";
import { formatType, type DataType } from "../types/data-type.js";

/**
 * A literal as printed in plans: strings JSON-quoted, floats with a decimal point (`2.0`),
 * bigints without the `n`, null as `null`.
 *
 * @example
 * ```ts
 * import { formatLiteral, t } from "@datajax/core-ir";
 *
 * formatLiteral(2, t.float64); // "2.0"
 * formatLiteral("JFK", t.utf8()); // "\"JFK\""
 * formatLiteral(9007199254740993n, t.int64); // "9007199254740993"
 * ```
 */
export function formatLiteral(value: LiteralValue, type: DataType): string {
  if (value === null) return "null";
  if (typeof value === "string") return JSON.stringify(value);
  if (typeof value === "bigint") return `${value}`;
  if (type.id === "float32" || type.id === "float64") {
    const s = Object.is(value, -0) ? "-0" : String(value);
    return Number.isInteger(value) && !s.includes("e") ? `${s}.0` : s;
  }
  return String(value);
}

/**
 * An expression as printed in plans and errors. Infix operators print with parentheses around
 * nested infix operands: `(a > 0) and (b > 0)`; names that are not identifiers are back-quoted.
 *
 * @example
 * ```ts
 * import { Expr, formatExpr, t } from "@datajax/core-ir";
 *
 * const gt0 = (c: string) => Expr.call("gt", [Expr.column(c), Expr.literal(0, t.int32)]);
 * formatExpr(Expr.call("and", [gt0("a"), gt0("b")])); // "(a > 0) and (b > 0)"
 * formatExpr(Expr.call("cast", [Expr.column("trip id")], { to: t.int64 })); // "cast[int64](`trip id`)"
 * ```
 */
export function formatExpr(e: Expr): string {
  switch (e.kind) {
    case "column":
      return /^[A-Za-z_][A-Za-z0-9_]*$/.test(e.name) ? e.name : `\`${e.name}\``;
    case "literal":
      return formatLiteral(e.value, e.type);
    case "call": {
      const def = operatorDef(e.op);
      const arg = (a: Expr) => {
        const s = formatExpr(a);
        return a.kind === "call" && operatorDef(a.op).infix ? `(${s})` : s;
      };
      if (def.infix && e.args.length === 2) return `${arg(e.args[0]!)} ${def.infix} ${arg(e.args[1]!)}`;
      if (e.op === "neg") return `-${arg(e.args[0]!)}`;
      if (e.op === "not") return `not ${arg(e.args[0]!)}`;
      const opts = e.options?.to ? `[${formatType(e.options.to)}]` : e.options?.decimals !== undefined ? `[${e.options.decimals}]` : "";
      return `${e.op}${opts}(${e.args.map(formatExpr).join(", ")})`;
    }
  }
}

/**
 * An aggregate as printed in plans: `mean(fare_amount)`, `count()`.
 *
 * @example
 * ```ts
 * import { Expr, formatAggregate } from "@datajax/core-ir";
 *
 * formatAggregate(Expr.aggregate("mean", Expr.column("fare_amount"))); // "mean(fare_amount)"
 * formatAggregate(Expr.aggregate("count", null)); // "count()"
 * ```
 */
export function formatAggregate(a: AggregateExpr): string {
  return `${a.fn}(${a.arg ? formatExpr(a.arg) : ""})`;
}
