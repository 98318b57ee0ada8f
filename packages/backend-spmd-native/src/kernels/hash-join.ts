import type { DataType, JoinHow } from "@datajax/core-ir";
import { nativeAddon, type NativeHashJoin, type NativeKernels } from "../native.js";
import { keyDomainOf } from "./key-domain.js";
import { physTypeOfColumn, type NativeColumn } from "./native-column.js";

const PROBE_HOW: Record<JoinHow, number> = { inner: 0, right: 0, left: 1, full: 1, semi: 2, anti: 3 };

/**
 * Matched row pairs of one probe: `left[k]` (probe row) with `right[k]` (build row, -1: none);
 * right is null for semi/anti. What HashJoinTable.probe returns.
 *
 * @example
 * ```ts
 * import { t } from "@datajax/core-ir";
 * import { HashJoinTable, type JoinMatches } from "@datajax/backend-spmd-native";
 *
 * const join = new HashJoinTable([t.int32], [t.int32]);
 * join.build([{ type: t.int32, length: 2, values: Int32Array.of(7, 9), validity: null }], 2);
 * const matches: JoinMatches = join.probe([{ type: t.int32, length: 2, values: Int32Array.of(9, 1), validity: null }], 2, "inner");
 * // matches.pairs 1, matches.left Int32Array [0], matches.right Int32Array [1], matches.everyRowOnce false
 * ```
 */
export interface JoinMatches {
  /** The number of pairs. */
  readonly pairs: number;
  /** The probe (left input) row of each pair, in probe order (built on first read when everyRowOnce: it is 0..rows-1). */
  readonly left: Int32Array;
  /** The build (right input) row of each pair, -1 for an unmatched left-join row; null for semi/anti. */
  readonly right: Int32Array | null;
  /** True when the pairs are exactly one per probe row, in probe order (left is 0..rows-1): the probe batch's columns can be used as they are. */
  readonly everyRowOnce: boolean;
}

/**
 * Hash join of a build side (the right input) probed by the left input's batches, on 1..N numeric,
 * bool, date or timestamp keys compared by value across types (int32 = int64, int = float). A null
 * key never matches; duplicate keys give every pair, in probe order then build order. For right
 * and full joins, call unmatchedBuildRows() after the last probe.
 *
 * @example
 * ```ts
 * import { t } from "@datajax/core-ir";
 * import { HashJoinTable } from "@datajax/backend-spmd-native";
 *
 * const join = new HashJoinTable([t.int32], [t.int32]);
 * join.build([{ type: t.int32, length: 2, values: Int32Array.of(7, 9), validity: null }], 2);
 * const { left, right } = join.probe([{ type: t.int32, length: 3, values: Int32Array.of(9, 1, 7), validity: null }], 3, "left");
 * // left [0, 1, 2], right [1, -1, 0]
 * ```
 */
export class HashJoinTable {
  private readonly native: NativeHashJoin;
  private readonly buildTypes: Int32Array;
  private readonly probeTypes: Int32Array;

  /**
   * @param buildKeyTypes - The type of each build-side (right) key column.
   * @param probeKeyTypes - The type of each probe-side (left) key column, as many as build keys.
   * @param kernels - The addon's kernels (default: the loaded addon).
   */
  constructor(buildKeyTypes: readonly DataType[], probeKeyTypes: readonly DataType[], kernels: NativeKernels = nativeAddon()) {
    if (buildKeyTypes.length === 0 || buildKeyTypes.length !== probeKeyTypes.length) {
      throw new RangeError(`native join: needs the same, non-zero number of keys on each side, got ${buildKeyTypes.length} and ${probeKeyTypes.length}.`);
    }
    this.native = new kernels.HashJoin(Int32Array.from(buildKeyTypes.map((b, k) => keyDomainOf("native join", `key ${k}`, [b, probeKeyTypes[k]!]))));
    this.buildTypes = Int32Array.from(buildKeyTypes.map((type, k) => physTypeOfColumn("native join", `build key ${k}`, type)));
    this.probeTypes = Int32Array.from(probeKeyTypes.map((type, k) => physTypeOfColumn("native join", `probe key ${k}`, type)));
  }

  /** Adds build rows (build row numbers continue across calls). */
  build(keys: readonly NativeColumn[], rows: number): void {
    this.native.build(this.buildTypes, keys.map((c) => c.values), keys.map((c) => c.validity), rows);
  }

  /**
   * Matches of `rows` probe rows; `how` right probes as inner, full as left (then unmatchedBuildRows).
   * With `scratch` (an Int32Array of at least `rows`), a build side with one row per key writes
   * `right` into it instead of a new array: read it before the next probe with the same scratch.
   */
  probe(keys: readonly NativeColumn[], rows: number, how: JoinHow, scratch?: Int32Array): JoinMatches {
    const m = this.native.probe(this.probeTypes, keys.map((c) => c.values), keys.map((c) => c.validity), rows, PROBE_HOW[how], scratch);
    if (m.left !== null) return { pairs: m.left.length, left: m.left, right: m.right, everyRowOnce: m.everyRowOnce };
    let identity: Int32Array | undefined;
    return {
      pairs: rows,
      get left() {
        identity ??= Int32Array.from({ length: rows }, (_v, i) => i);
        return identity;
      },
      right: m.right,
      everyRowOnce: m.everyRowOnce,
    };
  }

  /** Build rows no probe has matched, in build order. */
  unmatchedBuildRows(): Int32Array {
    return this.native.unmatchedBuildRows();
  }
}
