import { formatType, isFloat, isSignedInteger, t, type DataType } from "@datajax/core-ir";
import { UnsupportedNativeTypeError } from "../errors/unsupported-native-type-error.js";
import { nativeAddon, type NativeGroupAggregator, type NativeKernels } from "../native.js";
import { AggregateFn, type AggregateFnCode } from "./aggregate-fns.js";
import { programInputs } from "./expr-kernels.js";
import type { ExprProgram } from "./expr-program.js";
import { keyDomainOf } from "./key-domain.js";
import { physTypeOfColumn, type NativeColumn } from "./native-column.js";
import { allocateValues, PhysType, physTypeOf } from "./physical-type.js";

/**
 * One aggregate of a hash aggregation: `fn` over an argument column of `argType` (null for count()).
 *
 * @example
 * ```ts
 * import { t } from "@datajax/core-ir";
 * import { AggregateFn, HashAggregation, type GroupAggregateSpec } from "@datajax/backend-spmd-native";
 *
 * const meanTip: GroupAggregateSpec = { fn: AggregateFn.Mean, argType: t.float64 };
 * const rows: GroupAggregateSpec = { fn: AggregateFn.CountAll, argType: null };
 * const byZone = new HashAggregation([t.int32], [rows, meanTip]);
 * ```
 */
export interface GroupAggregateSpec {
  /** The aggregate function (an AggregateFn code). */
  readonly fn: AggregateFnCode;
  /** The type of the argument column; null for count() (CountAll), which takes none. */
  readonly argType: DataType | null;
}

/**
 * The result type of an aggregate (core-ir's): count int64; sum int64 / uint64 / float64 by the
 * argument; mean float64; min, max, first, last the argument's type.
 *
 * @example
 * ```ts
 * import { t } from "@datajax/core-ir";
 * import { AggregateFn, aggregateResultType } from "@datajax/backend-spmd-native";
 *
 * aggregateResultType({ fn: AggregateFn.Sum, argType: t.uint8 }); // { id: "uint64" }
 * ```
 */
export function aggregateResultType(spec: GroupAggregateSpec): DataType {
  switch (spec.fn) {
    case AggregateFn.CountAll: case AggregateFn.Count: return t.int64;
    case AggregateFn.Mean: return t.float64;
    case AggregateFn.Sum: return isFloat(spec.argType!) ? t.float64 : isSignedInteger(spec.argType!) ? t.int64 : t.uint64;
    default: return spec.argType!;
  }
}

/**
 * The groups of a finished aggregation: key columns then one column per aggregate, groups in
 * first-seen order (what HashAggregation.finish returns).
 *
 * @example
 * ```ts
 * import { t } from "@datajax/core-ir";
 * import { AggregateFn, HashAggregation, type GroupedResult } from "@datajax/backend-spmd-native";
 *
 * const agg = new HashAggregation([t.int32], [{ fn: AggregateFn.CountAll, argType: null }]);
 * agg.update([{ type: t.int32, length: 3, values: Int32Array.of(132, 7, 132), validity: null }], [null], 3);
 * const { keys, results }: GroupedResult = agg.finish();
 * keys[0]!.values; // Int32Array [132, 7]; results[0]!.values: BigInt64Array [2n, 1n]
 * ```
 */
export interface GroupedResult {
  /** One column per key, one row per group. */
  readonly keys: NativeColumn[];
  /** One column per aggregate (of aggregateResultType), one row per group. */
  readonly results: NativeColumn[];
}

/**
 * Hash aggregation over batches (partial or final: a final phase aggregates the partial columns,
 * e.g. Sum of partial counts). Keys are 1..N numeric, bool, date or timestamp columns (none: a
 * global aggregate with exactly one group); null keys form a group.
 *
 * @example
 * ```ts
 * import { t } from "@datajax/core-ir";
 * import { AggregateFn, HashAggregation } from "@datajax/backend-spmd-native";
 *
 * const agg = new HashAggregation([t.int32], [{ fn: AggregateFn.CountAll, argType: null }, { fn: AggregateFn.Mean, argType: t.float64 }]);
 * agg.update([{ type: t.int32, length: 3, values: Int32Array.of(7, 9, 7), validity: null }], [null, { type: t.float64, length: 3, values: Float64Array.of(1, 2, 3), validity: null }], 3);
 * const { keys, results } = agg.finish(); // keys [7, 9]; counts [2n, 1n]; means [2, 2]
 * ```
 */
export class HashAggregation {
  private readonly native: NativeGroupAggregator;

  /**
   * @param keyTypes - The type of each key column (none: a global aggregate).
   * @param aggregates - The aggregates, one result column each.
   * @param kernels - The addon's kernels (default: the loaded addon).
   */
  constructor(readonly keyTypes: readonly DataType[], readonly aggregates: readonly GroupAggregateSpec[], kernels: NativeKernels = nativeAddon()) {
    const argTypes = aggregates.map((a, k) => {
      if (a.fn === AggregateFn.CountAll) return -1;
      const phys = physTypeOfColumn("native aggregate", `argument ${k}`, a.argType!);
      if (a.argType!.id === "bool" && a.fn !== AggregateFn.Count) throw new UnsupportedNativeTypeError("native aggregate", `argument ${k}`, `${formatType(a.argType!)} (cast bools to an integer first)`);
      return phys;
    });
    this.native = new kernels.GroupAggregator(
      Int32Array.from(keyTypes.map((type, k) => physTypeOfColumn("native aggregate", `key ${k}`, type))),
      Int32Array.from(keyTypes.map((type, k) => keyDomainOf("native aggregate", `key ${k}`, [type]))),
      Int32Array.from(aggregates.map((a) => a.fn)),
      Int32Array.from(argTypes),
    );
  }

  /** Folds `rows` rows in: one column per key, one per aggregate (null for count()). */
  update(keys: readonly NativeColumn[], args: readonly (NativeColumn | null)[], rows: number): void {
    this.native.update(keys.map((c) => c.values), keys.map((c) => c.validity), args.map((c) => c?.values ?? null), args.map((c) => c?.validity ?? null), rows);
  }

  /**
   * Filter + derive + aggregate in one native pass over `rows` rows of `columns` (the batch's
   * columns, in the schema order `program` was compiled for): the rows where bool output
   * `predicate` is true (-1: every row) fold in, key k being program output `keyOutputs[k]` and
   * aggregate a's argument output `argOutputs[a]` (ignored for count()). No filtered column is
   * written out. Outputs must have the key and argument types' physical types.
   *
   * @example
   * ```ts
   * import { Expr, field, schema, t } from "@datajax/core-ir";
   * import { AggregateFn, compileExprProgram, HashAggregation } from "@datajax/backend-spmd-native";
   *
   * const s = schema([field("zone", t.int32), field("fare", t.float64)]);
   * const p = compileExprProgram([Expr.call("gt", [Expr.column("fare"), Expr.literal(0, t.float64)]), Expr.column("zone"), Expr.column("fare")], s);
   * const agg = new HashAggregation([t.int32], [{ fn: AggregateFn.CountAll, argType: null }, { fn: AggregateFn.Mean, argType: t.float64 }]);
   * agg.updateFiltered(p, 0, [1], [-1, 2], [
   *   { type: t.int32, length: 3, values: Int32Array.of(7, 9, 7), validity: null },
   *   { type: t.float64, length: 3, values: Float64Array.of(4, -1, 2), validity: null },
   * ], 3);
   * const { keys, results } = agg.finish(); // keys [7]; counts [2n]; means [3]
   * ```
   */
  updateFiltered(program: ExprProgram, predicate: number, keyOutputs: readonly number[], argOutputs: readonly number[], columns: readonly NativeColumn[], rows: number): void {
    if (predicate >= 0 && program.outputTypes[predicate] !== PhysType.Bool) throw new RangeError(`native filter aggregate: output ${predicate} of the program is not a bool predicate.`);
    const { values, validity } = programInputs(program, columns, rows);
    this.native.updateFiltered(program, values, validity, rows, predicate, Int32Array.from(keyOutputs), Int32Array.from(argOutputs));
  }

  /** Groups so far. */
  groupCount(): number {
    return this.native.groupCount();
  }

  /** The key and result columns of every group. */
  finish(): GroupedResult {
    const G = this.native.groupCount();
    const keyValues = this.keyTypes.map((type) => allocateValues(physTypeOf(type)!, G));
    const keyValidity = this.keyTypes.map(() => new Uint8Array((G + 7) >> 3));
    const resultTypes = this.aggregates.map(aggregateResultType);
    const resultValues = resultTypes.map((type) => allocateValues(physTypeOf(type)!, G));
    const resultValidity = resultTypes.map(() => new Uint8Array((G + 7) >> 3));
    const nulls = this.native.emit(keyValues, keyValidity, resultValues, resultValidity);
    const keyNulls = keyValidity.map((v) => {
      let valid = 0;
      for (let g = 0; g < G; g++) valid += (v[g >> 3]! >> (g & 7)) & 1;
      return G - valid;
    });
    return {
      keys: this.keyTypes.map((type, k) => ({ type, length: G, values: keyValues[k]!, validity: keyNulls[k]! > 0 ? keyValidity[k]! : null })),
      results: resultTypes.map((type, k) => ({ type, length: G, values: resultValues[k]!, validity: nulls[k]! > 0 ? resultValidity[k]! : null })),
    };
  }
}
