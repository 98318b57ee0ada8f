import { isInteger, isSignedInteger, type DataType } from "@datajax/core-ir";
import { nativeAddon, type NativeKernels } from "../native.js";
import { AggregateFn, type AggregateFnCode } from "./aggregate-fns.js";
import type { ExprProgram } from "./expr-program.js";
import { isGatheredColumn, type GatheredColumn } from "./gathered-column.js";
import { physTypeOfColumn, type NativeColumn } from "./native-column.js";
import { allocateValues, PhysType, physTypeOf } from "./physical-type.js";

/** The program's input columns out of a batch's columns (by schema index), checked against their row count; `takes` gives the gather indices of GatheredColumn inputs (null when there are none). */
export function programInputs(program: ExprProgram, inputs: readonly (NativeColumn | GatheredColumn)[], rows: number): { values: ArrayBufferView[]; validity: (Uint8Array | null)[]; takes: (Int32Array | null)[] | null } {
  const values: ArrayBufferView[] = [];
  const validity: (Uint8Array | null)[] = [];
  const takes: (Int32Array | null)[] = [];
  let gathers = false;
  program.inputColumns.forEach((index, slot) => {
    const input = inputs[index];
    if (!input) throw new RangeError(`native expression: the program reads column ${index}, the batch has ${inputs.length} columns.`);
    const gathered = isGatheredColumn(input);
    const c = gathered ? input.column : input;
    takes.push(gathered ? input.take : null);
    gathers ||= gathered;
    if (gathered ? input.take.length < rows : c.length < rows) throw new RangeError(`native expression: column ${index} has ${gathered ? input.take.length : c.length} rows, the batch ${rows}.`);
    if (physTypeOfColumn("native expression", `#${index}`, c.type) !== program.inputTypes[slot]) {
      throw new RangeError(`native expression: column ${index} is not of the type the program was compiled for; recompile it for this schema.`);
    }
    values.push(c.values);
    validity.push(c.validity);
  });
  return { values, validity, takes: gathers ? takes : null };
}

/**
 * Evaluates every output of `program` over `rows` rows of `columns` (the batch's columns, in the
 * schema order the program was compiled for): one column per output, validity null when it has
 * no nulls.
 *
 * @example
 * ```ts
 * import { Expr, field, schema, t } from "@datajax/core-ir";
 * import { compileExprProgram, evaluateMap } from "@datajax/backend-spmd-native";
 *
 * const s = schema([field("fare", t.float64), field("miles", t.float64)]);
 * const perMile = compileExprProgram([Expr.call("div", [Expr.column("fare"), Expr.column("miles")])], s);
 * const [column] = evaluateMap(perMile, [
 *   { type: t.float64, length: 2, values: Float64Array.of(10, 9), validity: null },
 *   { type: t.float64, length: 2, values: Float64Array.of(2, 3), validity: null },
 * ], 2);
 * column!.values; // Float64Array [5, 3]
 * ```
 */
export function evaluateMap(program: ExprProgram, columns: readonly NativeColumn[], rows: number, kernels: NativeKernels = nativeAddon()): NativeColumn[] {
  const { values, validity } = programInputs(program, columns, rows);
  const outValues = program.outputs.map((_o, k) => allocateValues(program.outputTypes[k] as never, rows));
  const outValidity = program.outputs.map(() => new Uint8Array((rows + 7) >> 3));
  const nulls = kernels.exprMap(program, values, validity, rows, outValues, outValidity);
  return program.outputs.map((o, k) => ({ type: o.type, length: rows, values: outValues[k]!, validity: nulls[k]! > 0 ? outValidity[k]! : null }));
}

/**
 * The indices of the rows whose bool output `predicate` is true (null drops the row), in order.
 *
 * @example
 * ```ts
 * import { Expr, field, schema, t } from "@datajax/core-ir";
 * import { compileExprProgram, evaluateFilter } from "@datajax/backend-spmd-native";
 *
 * const s = schema([field("miles", t.float64)]);
 * const longTrips = compileExprProgram([Expr.call("gt", [Expr.column("miles"), Expr.literal(1, t.float64)])], s);
 * evaluateFilter(longTrips, [{ type: t.float64, length: 3, values: Float64Array.of(0.5, 2, 3), validity: null }], 3); // Int32Array [1, 2]
 * ```
 */
export function evaluateFilter(program: ExprProgram, columns: readonly NativeColumn[], rows: number, predicate = 0, kernels: NativeKernels = nativeAddon()): Int32Array {
  if (program.outputTypes[predicate] !== PhysType.Bool) throw new RangeError(`native filter: output ${predicate} of the program is not a bool predicate.`);
  const { values, validity } = programInputs(program, columns, rows);
  const selection = new Int32Array(rows);
  const kept = kernels.exprFilter(program, values, validity, rows, predicate, selection);
  return selection.subarray(0, kept);
}

/**
 * Filter + derive in one pass: every output of `program` over the rows of `columns` whose bool
 * output `predicate` is true (null drops the row; -1 keeps every row), compacted. Returns the
 * kept row count and one column per output (the predicate's included), validity null when it has
 * no nulls.
 *
 * @example
 * ```ts
 * import { Expr, field, schema, t } from "@datajax/core-ir";
 * import { compileExprProgram, evaluateFilterMap } from "@datajax/backend-spmd-native";
 *
 * const s = schema([field("fare", t.float64), field("miles", t.float64)]);
 * const p = compileExprProgram([Expr.call("gt", [Expr.column("miles"), Expr.literal(1, t.float64)]), Expr.call("div", [Expr.column("fare"), Expr.column("miles")])], s);
 * const { rows, columns } = evaluateFilterMap(p, [
 *   { type: t.float64, length: 3, values: Float64Array.of(10, 9, 8), validity: null },
 *   { type: t.float64, length: 3, values: Float64Array.of(2, 0.5, 4), validity: null },
 * ], 3, 0);
 * rows; // 2
 * columns[1]!.values; // Float64Array [5, 2]
 * ```
 */
export function evaluateFilterMap(program: ExprProgram, columns: readonly NativeColumn[], rows: number, predicate: number, kernels: NativeKernels = nativeAddon()): { rows: number; columns: NativeColumn[] } {
  if (predicate >= 0 && program.outputTypes[predicate] !== PhysType.Bool) throw new RangeError(`native filter map: output ${predicate} of the program is not a bool predicate.`);
  const { values, validity } = programInputs(program, columns, rows);
  const outValues = program.outputs.map((_o, k) => allocateValues(program.outputTypes[k] as never, program.outputTypes[k] === PhysType.Bool ? rows : rows + 1));
  const outValidity = program.outputs.map(() => new Uint8Array((rows + 7) >> 3));
  const [kept, ...nulls] = kernels.exprFilterMap(program, values, validity, rows, predicate, outValues, outValidity);
  const n = kept!;
  return {
    rows: n,
    columns: program.outputs.map((o, k) => {
      const v = outValues[k]!;
      return { type: o.type, length: n, values: program.outputTypes[k] === PhysType.Bool ? v : (v.subarray(0, n) as typeof v), validity: nulls[k]! > 0 ? outValidity[k]! : null };
    }),
  };
}

/**
 * Rows `indices` of a column (an index of -1 gives a null), as a new column.
 *
 * @example
 * ```ts
 * import { t } from "@datajax/core-ir";
 * import { takeColumn } from "@datajax/backend-spmd-native";
 *
 * takeColumn({ type: t.int32, length: 3, values: Int32Array.of(7, 8, 9), validity: null }, Int32Array.of(2, -1)); // [9, null]
 * ```
 */
export function takeColumn(column: NativeColumn, indices: Int32Array, kernels: NativeKernels = nativeAddon()): NativeColumn {
  const type = physTypeOfColumn("native take", "column", column.type);
  const n = indices.length;
  const values = allocateValues(type, n);
  const validity = new Uint8Array((n + 7) >> 3);
  const nulls = kernels.takeRows(type, column.values, column.validity, indices, n, values, validity);
  return { type: column.type, length: n, values, validity: nulls > 0 ? validity : null };
}

/**
 * The filtered copy of `columns`: the rows of `selection` (from evaluateFilter) of each.
 *
 * @example
 * ```ts
 * import { t } from "@datajax/core-ir";
 * import { filterColumns } from "@datajax/backend-spmd-native";
 *
 * filterColumns([{ type: t.int32, length: 3, values: Int32Array.of(7, 8, 9), validity: null }], Int32Array.of(0, 2)); // [[7, 9]]
 * ```
 */
export function filterColumns(columns: readonly NativeColumn[], selection: Int32Array, kernels: NativeKernels = nativeAddon()): NativeColumn[] {
  return columns.map((c) => takeColumn(c, selection, kernels));
}

/**
 * One aggregate of a fused filter + aggregate (filterAggregate): `fn` over program output
 * `output` (ignored for CountAll).
 *
 * @example
 * ```ts
 * import { AggregateFn, type FusedAggregateSpec } from "@datajax/backend-spmd-native";
 *
 * const sumOfOutput1: FusedAggregateSpec = { fn: AggregateFn.Sum, output: 1 };
 * const rows: FusedAggregateSpec = { fn: AggregateFn.CountAll, output: -1 };
 * ```
 */
export interface FusedAggregateSpec {
  /** The aggregate function (an AggregateFn code). */
  readonly fn: AggregateFnCode;
  /** The index of the program output it aggregates (any value for CountAll). */
  readonly output: number;
}

/**
 * One fused aggregate's result: `value` (null for no values; bigint for 64-bit integer results,
 * number otherwise) and `count`, the values it saw (rows for CountAll).
 *
 * @example
 * ```ts
 * import { Expr, field, schema, t } from "@datajax/core-ir";
 * import { AggregateFn, compileExprProgram, filterAggregate, type FusedAggregateResult } from "@datajax/backend-spmd-native";
 *
 * const p = compileExprProgram([Expr.column("fare")], schema([field("fare", t.float64)]));
 * const fares = { type: t.float64, length: 2, values: Float64Array.of(9.5, 12), validity: null };
 * const [total]: FusedAggregateResult[] = filterAggregate(p, -1, [{ fn: AggregateFn.Sum, output: 0 }], [fares], 2);
 * total!.value; // 21.5 (total!.count: 2)
 * ```
 */
export interface FusedAggregateResult {
  /** The aggregate's value: null when it saw no values; bigint for 64-bit integer results; number otherwise. */
  readonly value: number | bigint | null;
  /** The non-null values it aggregated (the selected rows for CountAll). */
  readonly count: number;
}

/** The DataJAX result type of an aggregate of `fn` over values of type `arg`. */
function resultKind(fn: AggregateFnCode, arg: DataType | undefined): "count" | "float" | "int" | "uint" | "small" {
  if (fn === AggregateFn.CountAll || fn === AggregateFn.Count) return "count";
  if (fn === AggregateFn.Mean || !arg || !(isInteger(arg) || arg.id === "date32" || arg.id === "timestamp" || arg.id === "bool")) return "float";
  const phys = physTypeOf(arg);
  if (fn === AggregateFn.Sum) return isSignedInteger(arg) ? "int" : "uint";
  if (phys === PhysType.Int64) return "int";
  if (phys === PhysType.Uint64) return "uint";
  return "small";
}

/**
 * Filter then aggregate in one pass, without materializing the filtered rows: aggregates program
 * outputs over the rows where output `predicate` is true (-1: every row). A column may be a
 * GatheredColumn (read through row indices, e.g. a join's build side). Sums of integers are
 * exact int64 (wrapping), of floats float64; mean is float64; min/max/first/last keep the type.
 *
 * @example
 * ```ts
 * import { Expr, field, schema, t } from "@datajax/core-ir";
 * import { AggregateFn, compileExprProgram, filterAggregate } from "@datajax/backend-spmd-native";
 *
 * const s = schema([field("miles", t.float64), field("fare", t.float64)]);
 * const p = compileExprProgram([Expr.call("gt", [Expr.column("miles"), Expr.literal(1, t.float64)]), Expr.call("div", [Expr.column("fare"), Expr.column("miles")])], s);
 * const [total, n] = filterAggregate(p, 0, [{ fn: AggregateFn.Sum, output: 1 }, { fn: AggregateFn.CountAll, output: -1 }], [
 *   { type: t.float64, length: 2, values: Float64Array.of(0.5, 2), validity: null },
 *   { type: t.float64, length: 2, values: Float64Array.of(5, 10), validity: null },
 * ], 2);
 * total!.value; // 5
 * n!.count; // 1
 * ```
 */
export function filterAggregate(
  program: ExprProgram,
  predicate: number,
  aggregates: readonly FusedAggregateSpec[],
  columns: readonly (NativeColumn | GatheredColumn)[],
  rows: number,
  kernels: NativeKernels = nativeAddon(),
): FusedAggregateResult[] {
  if (predicate >= 0 && program.outputTypes[predicate] !== PhysType.Bool) throw new RangeError(`native filter aggregate: output ${predicate} of the program is not a bool predicate.`);
  const { values, validity, takes } = programInputs(program, columns, rows);
  const fns = Int32Array.from(aggregates.map((a) => a.fn));
  const outputs = Int32Array.from(aggregates.map((a) => (a.fn === AggregateFn.CountAll ? -1 : a.output)));
  const results = new Float64Array(aggregates.length * 2);
  const wide = new BigInt64Array(aggregates.length);
  if (takes) kernels.exprFilterAggregate(program, values, validity, rows, predicate, fns, outputs, results, wide, takes);
  else kernels.exprFilterAggregate(program, values, validity, rows, predicate, fns, outputs, results, wide);
  return aggregates.map((a, k) => {
    const count = results[2 * k + 1]!;
    const kind = resultKind(a.fn, program.outputs[a.output]?.type);
    if (kind === "count") return { value: count, count };
    if (count === 0) return { value: null, count };
    if (kind === "float") return { value: results[2 * k]!, count };
    if (kind === "int") return { value: wide[k]!, count };
    if (kind === "uint") return { value: BigInt.asUintN(64, wide[k]!), count };
    return { value: Number(wide[k]!), count };
  });
}
