import { Expr, resolveExpr, rewriteExpr, sameType, type LiteralExpr, type Schema } from "@datajax/core-ir";
import { foldConstant } from "./fold-constant.js";

const isLiteral = (e: Expr): e is LiteralExpr => e.kind === "literal";
const isBoolLiteral = (e: Expr, value: boolean): boolean => e.kind === "literal" && e.value === value;

/** One local simplification of a call whose arguments are already simplified; `e` itself when none applies. */
function simplifyNode(e: Expr, scope: Schema): Expr {
  if (e.kind !== "call") return e;
  const args = e.args;
  if (args.every(isLiteral)) {
    const folded = foldConstant(e.op, args, resolveExpr(e, scope).type);
    if (folded) return Expr.literal(folded.value, resolveExpr(e, scope).type);
  }
  const [a, b, c] = args;
  switch (e.op) {
    case "and":
      // false and x = false (three-valued: even when x is null); true and x = x.
      if (isBoolLiteral(a!, false) || isBoolLiteral(b!, false)) return Expr.literal(false, resolveExpr(e, scope).type);
      if (isBoolLiteral(a!, true)) return b!;
      if (isBoolLiteral(b!, true)) return a!;
      return e;
    case "or":
      if (isBoolLiteral(a!, true) || isBoolLiteral(b!, true)) return Expr.literal(true, resolveExpr(e, scope).type);
      if (isBoolLiteral(a!, false)) return b!;
      if (isBoolLiteral(b!, false)) return a!;
      return e;
    case "not":
      return a!.kind === "call" && a!.op === "not" ? a!.args[0]! : e;
    case "if_else":
      // A null condition takes the otherwise branch (SQL CASE).
      if (a!.kind === "literal") return a!.value === true ? b! : c!;
      return e;
    case "is_null":
    case "is_not_null":
      // `nullable: false` is a promise that no value is null.
      return resolveExpr(a!, scope).nullable ? e : Expr.literal(e.op === "is_not_null", resolveExpr(e, scope).type);
    case "fill_null":
      return resolveExpr(a!, scope).nullable ? e : a!;
    case "coalesce":
      return args.length === 1 ? a! : e;
    default:
      return e;
  }
}

/**
 * Simplifies `e` bottom-up in the schema `scope`. Every rewritten sub-expression keeps exactly the
 * type resolveExpr gave the original. With `keepNullability` (a Map column, whose nullability is
 * part of the schema) the whole expression also keeps its nullability: when the free pass would
 * change it (e.g. `4 // 2` is nullable, the literal 2 is not), it is redone keeping each
 * sub-expression's nullability. Returns `e` itself when nothing changed.
 */
export function simplifyExpr(e: Expr, scope: Schema, keepNullability: boolean): Expr {
  const free = simplifyWith(e, scope, false);
  if (free === e || !keepNullability) return free;
  if (resolveExpr(free, scope).nullable === resolveExpr(e, scope).nullable) return free;
  return simplifyWith(e, scope, true);
}

function simplifyWith(e: Expr, scope: Schema, strictNullability: boolean): Expr {
  return rewriteExpr(e, (x) => {
    const candidate = simplifyNode(x, scope);
    if (candidate === x) return x;
    const before = resolveExpr(x, scope);
    const after = resolveExpr(candidate, scope);
    if (!sameType(before.type, after.type)) return x;
    if (strictNullability && before.nullable !== after.nullable) return x;
    return candidate;
  });
}
