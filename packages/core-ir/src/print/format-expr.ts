import type { AggregateExpr, Expr, LiteralValue } from "../expr/expr.js";
import { operatorDef } from "../expr/operators.js";
import { formatType, type DataType } from "../types/data-type.js";

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

/** Infix operators print with parentheses around nested infix operands: `(a > 0) and (b > 0)`. */
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

export function formatAggregate(a: AggregateExpr): string {
  return `${a.fn}(${a.arg ? formatExpr(a.arg) : ""})`;
}
