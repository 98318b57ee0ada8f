import type { LiteralValue, TypedExpr } from "@datajax/core-ir";
import { placeholderOf, type KernelSource, type Operand } from "./kernel-source.js";
import { operatorEmitters } from "./operator-emitters.js";

/** Resolves a column reference of the expression's scope to an operand. */
export type ColumnResolver = (column: Extract<TypedExpr, { kind: "column" }>) => Operand;

/** Emits the code of a typed expression (arguments are evaluated eagerly, in order). */
export function emitExpr(e: TypedExpr, src: KernelSource, column: ColumnResolver): Operand {
  switch (e.kind) {
    case "column":
      return column(e);
    case "literal":
      return e.value === null ? { value: placeholderOf(e.type), isNull: "true", type: e.type } : { value: literalCode(e.value, src), isNull: "false", type: e.type };
    case "call": {
      const args = e.args.map((a) => emitExpr(a, src, column));
      return operatorEmitters[e.op](args, e, src);
    }
  }
}

function literalCode(v: Exclude<LiteralValue, null>, src: KernelSource): string {
  if (typeof v === "string") return src.hoist(JSON.stringify(v));
  if (typeof v === "bigint") return `(${String(Number(v))})`;
  if (typeof v === "boolean") return String(v);
  return `(${String(v)})`;
}
