import { Expr, formatExpr, sameType, type DataType, type Schema } from "@datajax/core-ir";
import { evaluateFilterMap } from "../../kernels/expr-kernels.js";
import { compileExprProgram, type ExprProgram } from "../../kernels/expr-program.js";
import type { NativeColumn } from "../../kernels/native-column.js";
import type { NativeBatch } from "./native-batch.js";

/**
 * Columns over a base operator's schema, after the Filter/Map/Project steps above it are folded
 * in: the rows where every predicate holds, each column an expression over the base's columns.
 */
export interface FoldedSteps {
  /** The conjunction of the filters, over the base's columns (null: every row). */
  readonly predicate: Expr | null;
  /** The columns, by name, in output order. */
  readonly columns: readonly { readonly name: string; readonly expr: Expr }[];
}

/** The base's own columns, unfiltered. */
export function identitySteps(base: Schema): FoldedSteps {
  return { predicate: null, columns: base.fields.map((f) => ({ name: f.name, expr: Expr.column(f.name) })) };
}

/** Where one output comes from: a base column viewed as is, or a program output. */
type Source = { readonly view: number } | { readonly output: number };

/**
 * `exprs` (over the base schema) over the rows where `predicate` holds, in one pass of the fused
 * filter + derive kernel; plain base columns with no predicate are views of the input. The
 * constructor throws (UnsupportedExpressionError, UnsupportedNativeTypeError, or a type mismatch)
 * when the kernels cannot compute them with exactly `types`.
 */
export class FusedProjection {
  private readonly program: ExprProgram | null;
  /** Per output: the base column it views (no predicate), or the program output computing it. */
  private readonly sources: readonly Source[];
  private readonly predicateOutput: number;

  constructor(
    private readonly base: Schema,
    predicate: Expr | null,
    readonly exprs: readonly Expr[],
    readonly types: readonly DataType[],
  ) {
    const programExprs: Expr[] = [];
    if (predicate) programExprs.push(predicate);
    this.predicateOutput = predicate ? 0 : -1;
    this.sources = exprs.map((e): Source => {
      if (!predicate && e.kind === "column") {
        const view = base.fields.findIndex((f) => f.name === e.name);
        if (view >= 0) return { view };
      }
      return { output: programExprs.push(e) - 1 };
    });
    this.program = programExprs.length > 0 ? compileExprProgram(programExprs, base) : null;
    exprs.forEach((e, k) => {
      const s = this.sources[k]!;
      const type = "view" in s ? base.fields[s.view]!.type : this.program!.outputs[s.output]!.type;
      if (!sameType(type, types[k]!)) throw new TypeError(`native projection: ${formatExpr(e)} computes ${type.id}, the plan wants ${types[k]!.id}.`);
    });
  }

  /** Whether it is a plain view of base columns (no kernel runs). */
  get isView(): boolean {
    return this.program === null;
  }

  /** The output columns over `batch` (of the base schema) and their row count. */
  apply(batch: NativeBatch): NativeBatch {
    if (!this.program) return { length: batch.length, columns: this.sources.map((s) => batch.columns[(s as { view: number }).view]!) };
    const { rows, columns } = evaluateFilterMap(this.program, batch.columns, batch.length, this.predicateOutput);
    const out: NativeColumn[] = this.sources.map((s, k) =>
      "view" in s ? batch.columns[s.view]! : { ...columns[s.output]!, type: this.types[k]! },
    );
    return { length: rows, columns: out };
  }

  /** `filter[...] + derive[...]` over the base, for describe(). */
  describe(): string {
    const parts: string[] = [];
    if (this.predicateOutput >= 0) parts.push("filter");
    if (this.exprs.some((e) => e.kind !== "column")) parts.push("derive");
    return parts.length > 0 ? `fused ${parts.join(" + ")} (one pass)` : "column views";
  }

  /** The base schema it reads. */
  get baseSchema(): Schema {
    return this.base;
  }
}
