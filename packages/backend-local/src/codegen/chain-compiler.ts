import type { ProjectedColumn, Schema, TypedExpr } from "@datajax/core-ir";
import type { Column } from "../columns/column.js";
import { columnBatch, type ColumnBatch } from "../columns/column-batch.js";
import { takeRows } from "../columns/take.js";
import { emitInputPrologue, emitNullRead, emitValueRead, layoutKey, layoutOf, prepareInput, type InputLayout, type PreparedInput } from "./column-access.js";
import { emitExpr } from "./expr-emitter.js";
import { KernelSource, type Operand } from "./kernel-source.js";
import { cachedKernel } from "./kernel-cache.js";
import { emitOutput, finishOutput, type RawOutput } from "./output-writer.js";

/** One step of a fused Map/Filter/Project chain, typed against the step's input schema. */
export type ChainStep =
  | { readonly kind: "filter"; readonly predicate: TypedExpr }
  | { readonly kind: "map"; readonly assignments: readonly { readonly name: string; readonly expr: TypedExpr }[] }
  | { readonly kind: "project"; readonly columns: readonly ProjectedColumn[] };

type Slot = { readonly name: string } & ({ readonly input: number } | { readonly computed: Operand });

type ChainKernel = (inputs: readonly PreparedInput[], n: number) => { count: number; selection: Int32Array | null; outputs: RawOutput[] };

/** Where each output column comes from: an input column (gathered through the selection) or a computed one. */
type OutputPlan = readonly ({ readonly input: number } | { readonly computed: number })[];

/**
 * A chain of Map/Filter/Project steps compiled into one loop per input layout: filters skip rows
 * (`continue`), maps compute into locals, and the loop writes computed outputs densely while
 * recording a selection vector for input columns passed through (gathered once after the loop).
 */
export class CompiledChain {
  private readonly shape: { outputs: OutputPlan; needsLoop: boolean };
  constructor(
    private readonly key: string,
    private readonly inputSchema: Schema,
    private readonly steps: readonly ChainStep[],
    readonly outputSchema: Schema,
  ) {
    this.shape = this.plan();
  }

  describe(): string {
    return `fused chain [${this.steps.map((s) => s.kind).join(" → ")}] over ${this.inputSchema.fields.length} columns`;
  }

  run(batch: ColumnBatch): ColumnBatch {
    if (!this.shape.needsLoop) {
      return columnBatch(this.outputSchema, batch.length, this.shape.outputs.map((o) => batch.columns["input" in o ? o.input : 0]!));
    }
    const layouts = batch.columns.map(layoutOf);
    const kernel = cachedKernel<ChainKernel>(`${this.key}|${layouts.map(layoutKey).join(",")}`, () => this.generate(layouts).source);
    const { count, selection, outputs } = kernel(batch.columns.map(prepareInput), batch.length);
    const columns: Column[] = this.shape.outputs.map((o, i) => {
      if ("computed" in o) return finishOutput(outputs[o.computed]!, this.outputSchema.fields[i]!.type, count);
      const c = batch.columns[o.input]!;
      return selection === null || count === batch.length ? c : takeRows(c, selection, count);
    });
    return columnBatch(this.outputSchema, count, columns);
  }

  /** The generated source for given input layouts (exposed for explain and tests). */
  generate(layouts: readonly InputLayout[]): { source: string; outputs: OutputPlan } {
    const src = new KernelSource();
    const read = new Map<number, Operand>();
    const readInput = (j: number): Operand => {
      let op = read.get(j);
      if (!op) {
        const l = layouts[j]!;
        src.prologue.push(emitInputPrologue(j, l));
        op = src.bind(emitValueRead(j, l, "i"), emitNullRead(j, l, "i"), l.type);
        read.set(j, op);
      }
      return op;
    };
    let scope: Slot[] = this.inputSchema.fields.map((f, j) => ({ name: f.name, input: j }));
    let filtered = false;
    for (const step of this.steps) {
      const current = scope;
      const resolve = (c: Extract<TypedExpr, { kind: "column" }>): Operand => {
        const slot = current[c.index]!;
        return "input" in slot ? readInput(slot.input) : slot.computed;
      };
      if (step.kind === "filter") {
        const p = emitExpr(step.predicate, src, resolve);
        src.emit(p.isNull === "false" ? `if (!(${p.value})) continue;` : `if (${p.isNull} || !(${p.value})) continue;`);
        filtered = true;
      } else if (step.kind === "map") {
        const next = [...current];
        for (const a of step.assignments) {
          // A bare column reference aliases its source: no copy.
          const slot: Slot = a.expr.kind === "column" ? { ...current[a.expr.index]!, name: a.name } : { name: a.name, computed: emitExpr(a.expr, src, resolve) };
          const at = next.findIndex((s) => s.name === a.name);
          if (at >= 0) next[at] = slot;
          else next.push(slot);
        }
        scope = next;
      } else {
        scope = step.columns.map((c) => ({ ...current.find((s) => s.name === c.from)!, name: c.name }));
      }
    }
    const writes: string[] = [];
    const results: string[] = [];
    const outputs = scope.map((slot, i) => {
      if ("input" in slot) return { input: slot.input };
      const q = results.length;
      const { write, result } = emitOutput(q, slot.computed, this.outputSchema.fields[i]!.type, "n", src);
      writes.push(write);
      results.push(result);
      return { computed: q };
    });
    const passThrough = outputs.some((o) => "input" in o);
    const selecting = filtered && passThrough;
    const source = [
      "return function chain(inputs, n) {",
      ...src.prologue,
      selecting ? "const sel = new Int32Array(n);" : "",
      "let k = 0;",
      "for (let i = 0; i < n; i++) {",
      ...src.body,
      ...writes,
      selecting ? "sel[k] = i;" : "",
      "k++;",
      "}",
      `return { count: k, selection: ${selecting ? "sel" : "null"}, outputs: [${results.join(", ")}] };`,
      "};",
    ].join("\n");
    return { source, outputs };
  }

  private plan(): { outputs: OutputPlan; needsLoop: boolean } {
    const layouts = this.inputSchema.fields.map((f) => ({ type: f.type, dictionary: false, hasNulls: f.nullable }));
    const { outputs } = this.generate(layouts);
    const needsLoop = this.steps.some((s) => s.kind === "filter") || outputs.some((o) => "computed" in o);
    return { outputs, needsLoop };
  }
}
