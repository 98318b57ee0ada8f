import { isInteger, type ProjectedColumn, type Schema, type TypedExpr } from "@datajax/core-ir";
import type { Column } from "../columns/column.js";
import { columnBatch, type ColumnBatch } from "../columns/column-batch.js";
import { takeRows } from "../columns/take.js";
import type { AggregateKernel } from "../aggregate/aggregate-kernels.js";
import type { GroupStates } from "../aggregate/group-states.js";
import type { DenseKeyIndex, GroupKeyTable } from "../hash/group-key-table.js";
import { emitInputPrologue, emitNullRead, emitValueRead, layoutKey, layoutOf, prepareInput, type InputLayout, type PreparedInput } from "./column-access.js";
import { emitExpr } from "./expr-emitter.js";
import { identifiersOf, KernelSource, type Operand } from "./kernel-source.js";
import { emitMaskedLoop } from "./masked-aggregate-loop.js";
import { emitStateAccess } from "./state-access.js";
import { boundKernel, cachedKernel } from "./kernel-cache.js";
import { copiesInLoop, emitCopy, emitOutput, finishOutput, type RawOutput } from "./output-writer.js";

/** One step of a fused Map/Filter/Project chain, typed against the step's input schema. */
export type ChainStep =
  | { readonly kind: "filter"; readonly predicate: TypedExpr }
  | { readonly kind: "map"; readonly assignments: readonly { readonly name: string; readonly expr: TypedExpr }[] }
  | { readonly kind: "project"; readonly columns: readonly ProjectedColumn[] };

type Slot = { readonly name: string } & ({ readonly input: number } | { readonly computed: Operand });

/**
 * What an Aggregate asks of runAggregate: its chain's output is `keyCount` key columns, then the
 * aggregates' arguments; `argInputs[a]` is aggregate a's argument among those (null: count()).
 * `key` names the aggregation for the kernel cache.
 */
export interface AggregateSink {
  readonly key: string;
  readonly keyCount: number;
  readonly kernels: readonly AggregateKernel[];
  readonly argInputs: readonly (number | null)[];
}

type AggregateSinkKernel = (
  inputs: readonly PreparedInput[], n: number, dense: DenseKeyIndex | null, states: GroupStates, table: GroupKeyTable | null, deferred: Int32Array, filter: Float64Array, lookup: DenseKeyIndex | null,
) => number;

/**
 * A unique-key join below the chain, looked up inside its loop: input `keyInput` is the join key
 * (one column), found in `index` (the build side's dense key index: slot → build row); the
 * build columns are inputs with a gathered layout, read at that row (`$g`). `inner`: a row
 * without a build row is dropped, as the join drops it; otherwise its build columns read null.
 */
export interface ChainLookup {
  readonly keyInput: number;
  readonly inner: boolean;
  readonly index: DenseKeyIndex;
}

/**
 * Kept fractions of a chain's first filter between which its fused aggregate loop runs as two
 * loops with a selection vector (an unpredictable predicate); outside them (nearly every row kept,
 * or nearly none) the single loop's branch predicts well and is cheaper.
 */
const SELECTION_LOOP_BAND = [0.05, 0.95] as const;

/**
 * From this kept fraction (up to the band's top), a global aggregate's loop runs masked where it
 * can (emitMaskedLoop): every row evaluated, no selection vector. Measured on Q1's loop (10M
 * rows): about even with the two loops at 0.1 to 0.3 kept, 1.2 to 1.5× faster from 0.35 to 0.72.
 */
const MASKED_LOOP_FROM = 0.3;

type ChainKernel = (inputs: readonly PreparedInput[], n: number) => { count: number; selection: Int32Array | null; outputs: RawOutput[] };

/** Where each output column comes from: an input column (gathered through the selection) or a computed one. */
/** Where the chain's first filter is in the loop body (the index of its `continue` line) and its kept-row test as a branch-free 0/1 expression. */
type FirstFilter = { readonly at: number; readonly keep: string };

type OutputPlan = readonly ({ readonly input: number } | { readonly computed: number })[];

/**
 * A chain of Map/Filter/Project steps compiled into one loop per input layout: filters skip rows
 * (`continue`), maps compute into locals, and the loop writes computed outputs densely while
 * recording a selection vector for input columns passed through (gathered once after the loop).
 */
export class CompiledChain {
  private readonly shape: { outputs: OutputPlan; needsLoop: boolean };
  /** The last batch's kept fraction at the first filter (1 before any batch: the single loop first). */
  private keptFraction = 1;
  private readonly filterStats = new Float64Array(3);
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
    const { src, scope, filtered, readInput } = this.emitSteps(layouts);
    const writes: string[] = [];
    const results: string[] = [];
    const outputs = scope.map((slot, i): OutputPlan[number] => {
      if ("input" in slot) {
        // Behind a filter, fixed-width inputs are copied in the loop (no selection vector, no second pass).
        if (!filtered || !copiesInLoop(layouts[slot.input]!)) return { input: slot.input };
        readInput(slot.input);
        const q = results.length;
        const { write, result } = emitCopy(q, slot.input, layouts[slot.input]!, "n", src);
        writes.push(write);
        results.push(result);
        return { computed: q };
      }
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

  /**
   * Runs the chain into an aggregation without materializing its output: one generated loop
   * filters, computes the keys and the aggregates' arguments, finds each row's group in the dense
   * key index and updates the states (see AggregateSink). Returns how many rows it deferred into
   * `deferred` (row indices whose keys fall outside the index's ranges; the caller handles them).
   */
  runAggregate(batch: ColumnBatch, sink: AggregateSink, dense: DenseKeyIndex | null, states: GroupStates, table: GroupKeyTable | null, deferred: Int32Array): number {
    return this.runAggregateInputs(batch.columns.map(layoutOf), batch.columns.map(prepareInput), batch.length, sink, dense, states, table, deferred);
  }

  /** runAggregate over prepared inputs (`n` rows), optionally through a join's lookup (inputs: the join's output columns). */
  runAggregateInputs(layouts: readonly InputLayout[], inputs: readonly PreparedInput[], n: number, sink: AggregateSink, dense: DenseKeyIndex | null, states: GroupStates, table: GroupKeyTable | null, deferred: Int32Array, lookup: ChainLookup | null = null): number {
    const via = lookup ? `|lookup ${lookup.keyInput}${lookup.inner ? " inner" : " left"}` : "";
    // A grouped loop reads the dense slots and its state arrays as constants where the states are
    // small enough (see boundKernel, GroupStates.bindable); a global one keeps its states in locals.
    const binds = sink.keyCount > 0 && states.bindable;
    const cacheKey = `${this.key}|aggregate|${sink.key}|${layouts.map(layoutKey).join(",")}${via}${binds ? "|bound" : ""}`;
    const generate = () => this.generateAggregate(layouts, sink, lookup, binds);
    const values = binds && dense ? [dense.slots, ...states.arrays] : [];
    const kernel = binds
      ? states.bound(cacheKey, values, () => boundKernel<AggregateSinkKernel>(cacheKey, generate, ...values))
      : cachedKernel<AggregateSinkKernel>(cacheKey, generate);
    // filter[0]: run the masked loop (2), the selection-vector loops (1) or the single loop (0),
    // chosen from the previous batch's kept fraction; filter[1]: the rows this batch's first filter
    // kept; filter[2]: 1 once a masked loop was not exact.
    const [lo, hi] = SELECTION_LOOP_BAND;
    const kept = this.keptFraction;
    const masked = this.filterStats[2] === 0 && kept >= MASKED_LOOP_FROM && kept < hi;
    this.filterStats[0] = masked ? 2 : kept > lo && kept < hi ? 1 : 0;
    this.filterStats[1] = 0;
    const d = kernel(inputs, n, dense, states, table, deferred, this.filterStats, lookup ? lookup.index : null);
    if (n > 0) this.keptFraction = this.filterStats[1]! / n;
    return d;
  }

  /**
   * The source of runAggregate's kernel: the chain's body, then group lookup and updates (its own
   * names start with `$`, which generated operands never use). `bound` (grouped only): the source
   * returns a function of the dense slots and the state arrays that returns the kernel (see
   * boundKernel); otherwise the kernel itself, which reads them from its arguments.
   */
  generateAggregate(layouts: readonly InputLayout[], sink: AggregateSink, lookup: Omit<ChainLookup, "index"> | null, bound: boolean): string {
    const { src, scope, readInput, firstFilter, leaves } = this.emitSteps(layouts, lookup);
    // The sink's operands: keys first, then the aggregates' arguments (read after the filters).
    const resolved = scope.map((slot) => ("input" in slot ? readInput(slot.input) : slot.computed));
    const k = sink.keyCount;
    const body: string[] = [];
    const prologue: string[] = ["let $deferred = 0;"];
    let register = "";
    if (k > 0) {
      // `$slots` (the key table's dense slots) is a bound value where the state arrays are.
      if (!bound) prologue.push("const $slots = dense.slots;");
      const terms: string[] = [];
      for (let c = 0; c < k; c++) {
        const key = resolved[c]!;
        prologue.push(`const $lo${c} = dense.lows[${c}] - 1; const $size${c} = dense.sizes[${c}];`);
        prologue.push(c === 0 ? "const $stride0 = 1;" : `const $stride${c} = $stride${c - 1} * $size${c - 1};`);
        if (key.isNull === "false") body.push(`const $x${c} = ${key.value} - $lo${c}; if (!($x${c} >= 1 && $x${c} < $size${c})) { deferred[$deferred++] = i; continue; }`);
        else body.push(`const $x${c} = ${key.isNull} ? 0 : ${key.value} - $lo${c}; if (!(${key.isNull}) && !($x${c} >= 1 && $x${c} < $size${c})) { deferred[$deferred++] = i; continue; }`);
        terms.push(`$x${c} * $stride${c}`);
      }
      body.push(`const $slot = ${terms.join(" + ")};`);
      const values = resolved.slice(0, k).map((r) => (r.isNull === "true" ? "0" : r.value));
      const nulls = resolved.slice(0, k).map((r) => r.isNull);
      body.push("const $r = $slot;");
      register = `table.addDenseGroup($slot, [${values.join(", ")}], [${nulls.join(", ")}]);`;
    }
    const access = emitStateAccess(sink.kernels.map((kernel) => kernel.states), k === 0, bound);
    prologue.push(...access.prologue);
    const args = sink.argInputs.map((j) => (j === null || j === undefined ? null : resolved[k + j]!));
    // The group's record is its slot (GroupStates' placement by slot): a new group registers its
    // keys, and the aggregates with a NewGroupUpdate take its first row's value.
    const fresh = (a: number) => (k > 0 && args[a]?.isNull === "false" ? sink.kernels[a]!.newGroup : undefined);
    if (k > 0) {
      const inits = sink.kernels.flatMap((_kernel, a) => fresh(a)?.init(args[a]!.value, access.refs[a]!) ?? []);
      body.push(`if ($slots[$slot] < 0) { ${[register, ...inits].join(" ")} }`);
    }
    sink.kernels.forEach((kernel, a) => {
      const arg = args[a]!;
      const steady = fresh(a);
      body.push(steady ? steady.update(arg.value, access.refs[a]!) : arg === null ? kernel.update("0", "false", access.refs[a]!) : kernel.update(arg.value, arg.isNull, access.refs[a]!));
    });
    // Behind a filter, two forms, chosen per batch by runAggregate (`filter[0]`): the single loop
    // (`continue` past dropped rows: cheap while the predicate's outcome is predictable), or two
    // loops: the first evaluates what the filter reads and writes every row index into a
    // selection vector, advancing past it only when the row is kept (no branch on the data: on a
    // random predicate a mispredicted `continue` per row costs more than the whole update); the
    // second visits the kept rows and does the rest. Generated expressions are pure, so
    // evaluating again, in the second loop, those of the filter's operands the rest reads changes
    // nothing (liveRecomputation). Both count the rows the first filter kept into `filter[1]`.
    const masked = k === 0 && firstFilter !== null
      ? emitMaskedLoop({ prefix: src.body.slice(0, firstFilter.at), rest: src.body.slice(firstFilter.at + 1), keep: firstFilter.keep, leaves, kernels: sink.kernels, args, refs: access.refs })
      : null;
    // A third form, `filter[0]` 2, where the aggregate has one (emitMaskedLoop): the masked loop,
    // then, where its result may not be exact, the states as they were and the two loops (and
    // `filter[2]` set: the chain stops trying the masked form).
    const locals = access.refs.flat();
    const maskedForm = masked === null
      ? ["if ($mode === 2) $mode = 1;"]
      : [
          "if ($mode === 2) {",
          ...locals.map((l, x) => `const $was${x} = ${l};`),
          ...masked.loop,
          ...masked.after,
          `if (!(${masked.exact})) { ${locals.map((l, x) => `${l} = $was${x};`).join(" ")} $kept = 0; $mode = 1; filter[2] = 1; }`,
          "}",
        ];
    const loops = firstFilter === null
      ? ["for (let i = 0; i < n; i++) {", ...src.body, ...body, "}"]
      : [
          "let $kept = 0;",
          "let $mode = filter[0];",
          ...maskedForm,
          "if ($mode === 1) {",
          "const $sel = rt.selectionScratch(n);",
          "for (let i = 0; i < n; i++) {",
          ...src.body.slice(0, firstFilter.at),
          `$sel[$kept] = i; $kept += ${firstFilter.keep};`,
          "}",
          "for (let $j = 0; $j < $kept; $j++) {",
          "const i = $sel[$j];",
          ...liveRecomputation(src.body.slice(0, firstFilter.at), [...src.body.slice(firstFilter.at + 1), ...body]),
          ...src.body.slice(firstFilter.at + 1),
          ...body,
          "}",
          "} else if ($mode === 0) {",
          "for (let i = 0; i < n; i++) {",
          ...src.body.slice(0, firstFilter.at + 1),
          "$kept++;",
          ...src.body.slice(firstFilter.at + 1),
          ...body,
          "}",
          "}",
          "filter[1] = $kept;",
        ];
    const loop = [
      "function aggregate(inputs, n, dense, states, table, deferred, filter, lookup) {",
      ...src.prologue,
      ...prologue,
      ...loops,
      ...access.epilogue,
      "return $deferred;",
      "}",
    ].join("\n");
    // Grouped: a function of the dense slots and the state arrays that returns the loop
    // (runAggregateInputs binds it).
    return bound ? `return function bindStates(${["$slots", ...access.params].join(", ")}) {\nreturn ${loop};\n};` : `return ${loop};`;
  }

  /** The loop body of every step (filters `continue`, maps bind locals) and the final scope. */
  private emitSteps(layouts: readonly InputLayout[], lookup: Omit<ChainLookup, "index"> | null = null): { src: KernelSource; scope: Slot[]; filtered: boolean; readInput: (j: number) => Operand; firstFilter: FirstFilter | null; leaves: Map<string, InputLayout> } {
    const src = new KernelSource();
    const read = new Map<number, Operand>();
    const leaves = new Map<string, InputLayout>();
    const readInput = (j: number): Operand => {
      let op = read.get(j);
      if (!op) {
        const l = layouts[j]!;
        src.prologue.push(emitInputPrologue(j, l));
        op = src.bind(emitValueRead(j, l, "i"), emitNullRead(j, l, "i"), l.type);
        read.set(j, op);
        leaves.set(op.value, l);
      }
      return op;
    };
    if (lookup) {
      // Each row's build row `$g` first (-1: none), as the lookup probe finds it; an inner join
      // drops the row here, before the chain's own filters, as the join would.
      const key = readInput(lookup.keyInput);
      src.prologue.push("const $kslots = lookup.slots; const $klo = lookup.lows[0] - 1; const $ksize = lookup.sizes[0];");
      src.emit(`const $kx = ${key.value} - $klo;`);
      // A fractional key matches no build key (an integer key column's values are all whole).
      const missing = isInteger(key.type) ? "!($kx >= 1 && $kx < $ksize)" : "!($kx >= 1 && $kx < $ksize && ($kx | 0) === $kx)";
      src.emit(`const $g = ${key.isNull === "false" ? missing : `${key.isNull} || ${missing}`} ? -1 : $kslots[$kx];`);
      if (lookup.inner) src.emit("if ($g < 0) continue;");
    }
    let scope: Slot[] = this.inputSchema.fields.map((f, j) => ({ name: f.name, input: j }));
    let filtered = false;
    let firstFilter: FirstFilter | null = null;
    for (const step of this.steps) {
      const current = scope;
      const resolve = (c: Extract<TypedExpr, { kind: "column" }>): Operand => {
        const slot = current[c.index]!;
        return "input" in slot ? readInput(slot.input) : slot.computed;
      };
      if (step.kind === "filter") {
        const p = emitExpr(step.predicate, src, resolve);
        // Bitwise, not &&/||: the kept-row test must compile without a branch (see generateAggregate).
        if (!filtered) firstFilter = { at: src.body.length, keep: p.isNull === "false" ? `+(${p.value})` : `(+!(${p.isNull}) & +(${p.value}))` };
        src.emit(p.isNull === "false" ? `if (!(${p.value})) continue;` : `if (${p.isNull} || !(${p.value})) continue;`);
        filtered = true;
      } else if (step.kind === "map") {
        const next = [...current];
        for (const a of step.assignments) {
          // A bare column reference aliases its source: no copy.
          const slot: Slot = a.expr.kind === "column" ? { ...current[a.expr.index]!, name: a.name } : { name: a.name, computed: emitExpr(a.expr, src, resolve) };
          const at = next.findIndex((x) => x.name === a.name);
          if (at >= 0) next[at] = slot;
          else next.push(slot);
        }
        scope = next;
      } else {
        scope = step.columns.map((c) => ({ ...current.find((x) => x.name === c.from)!, name: c.name }));
      }
    }
    return { src, scope, filtered, readInput, firstFilter, leaves };
  }

  private plan(): { outputs: OutputPlan; needsLoop: boolean } {
    const layouts = this.inputSchema.fields.map((f) => ({ type: f.type, dictionary: false, hasNulls: f.nullable }));
    const { outputs } = this.generate(layouts);
    const needsLoop = this.steps.some((s) => s.kind === "filter") || outputs.some((o) => "computed" in o);
    return { outputs, needsLoop };
  }
}

/**
 * The lines before a chain's first filter that the second selection-vector loop must run again:
 * the `const` bindings that `rest` (the lines after the filter) reads, directly or through other
 * bindings. Control lines (a join lookup's `continue`) are dropped: every selected row passed them.
 * Contract: every line before the first filter is `const <name> = <expr>;` or such a control line.
 */
function liveRecomputation(prefix: readonly string[], rest: readonly string[]): string[] {
  const needed = new Set(rest.flatMap(identifiersOf));
  const kept: string[] = [];
  for (let k = prefix.length - 1; k >= 0; k--) {
    const line = prefix[k]!;
    const bound = /^const ([$\w]+) = /.exec(line)?.[1];
    if (bound === undefined || !needed.has(bound)) continue;
    kept.unshift(line);
    for (const name of identifiersOf(line.slice(line.indexOf("=") + 1))) needed.add(name);
  }
  return kept;
}
