import { Expr } from "@datajax/core-ir";

/** `a and (b and c)` → [a, b, c]: the conjuncts a pushdown rule may move one by one. */
export function splitConjunction(e: Expr): Expr[] {
  if (e.kind === "call" && e.op === "and" && e.args.length === 2) return [...splitConjunction(e.args[0]!), ...splitConjunction(e.args[1]!)];
  return [e];
}

/** [a, b, c] → `(a and b) and c`; a single conjunct is returned as it is. */
export function conjoin(parts: readonly Expr[]): Expr {
  if (parts.length === 0) throw new Error("conjoin: no conjuncts");
  return parts.slice(1).reduce((acc, p) => Expr.call("and", [acc, p]), parts[0]!);
}

/**
 * Splits a predicate into the conjuncts `canMove` accepts and the rest, keeping their order.
 * (Conjunction is exact under three-valued logic for filtering: a row passes `a and b` iff it
 * passes both.)
 */
export function partitionConjuncts(e: Expr, canMove: (conjunct: Expr) => boolean): { moved: Expr[]; kept: Expr[] } {
  const moved: Expr[] = [];
  const kept: Expr[] = [];
  for (const c of splitConjunction(e)) (canMove(c) ? moved : kept).push(c);
  return { moved, kept };
}
