import type { Expr } from "@datajax/core-ir";

/** A column reference or a literal: free to duplicate. */
export function isTrivial(e: Expr): boolean {
  return e.kind !== "call";
}

/** Trivial, or one call over trivial arguments (`hour(ts)`, `tip / total`): cheap to evaluate twice. */
export function isCheap(e: Expr): boolean {
  return isTrivial(e) || (e.kind === "call" && e.args.every(isTrivial));
}

/** How many times `name` is read by `e`. */
export function countColumnRefs(e: Expr, name: string): number {
  if (e.kind === "column") return e.name === name ? 1 : 0;
  if (e.kind === "literal") return 0;
  return e.args.reduce((n, a) => n + countColumnRefs(a, name), 0);
}
