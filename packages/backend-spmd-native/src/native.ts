import { loadNativeAddon } from "./native-loader.js";

/**
 * The MPI communication functions of the addon (native/src/comm.cc). Only the JS main thread may
 * call them (MPI_THREAD_FUNNELED). Prefer the checked wrappers in `comm/`, which initialise MPI,
 * finalise it at exit and turn failures into typed errors.
 *
 * @example
 * ```ts
 * import { nativeAddon, type NativeComm } from "@datajax/backend-spmd-native";
 *
 * const comm: NativeComm = nativeAddon();
 * const { rank, size } = comm.init(); // under `datajax launch -n 2 script.mjs`: rank 0 or 1, size 2
 * comm.barrier();
 * ```
 */
export interface NativeComm {
  /** MPI_Init_thread(FUNNELED) once per process (idempotent); a plain `node` process is a world of 1. */
  init(): { rank: number; size: number };
  /** MPI_Finalize if MPI is active; true when it finalised now. */
  finalize(): boolean;
  /** Whether MPI is initialised and not yet finalised. */
  isActive(): boolean;
  /** MPI_Barrier: returns once every rank has called it. */
  barrier(): void;
  /** Root's bytes on every rank (non-roots may pass null); received bytes are a fresh buffer. */
  bcast(bytes: Uint8Array | null, root: number): Uint8Array;
  /** Every rank's bytes indexed by rank, as subarrays of one buffer, each 8-byte aligned. */
  allgather(bytes: Uint8Array): Uint8Array[];
  /** The element-wise `op` of every rank's array (same length and type on every rank), as a fresh array. */
  allreduce(values: Float64Array, op: ReduceOp): Float64Array;
  /** The element-wise `op` of every rank's int64 array (same length on every rank), as a fresh array. */
  allreduce(values: BigInt64Array, op: ReduceOp): BigInt64Array;
  /**
   * One Uint8Array per destination rank in, one per source rank out (subarrays of one receive
   * buffer, each 8-byte aligned). Sent in place when the inputs are ordered views of one buffer.
   * Fails with a RangeError at 2^31 bytes or more for one peer.
   */
  alltoallv(perDestination: readonly Uint8Array[]): Uint8Array[];
  /** MPI_Abort of the whole world with `code`; never returns. */
  abort(code: number): never;
}

/**
 * The reductions allreduce supports.
 *
 * @example
 * ```ts
 * import { allreduce, type ReduceOp } from "@datajax/backend-spmd-native";
 *
 * const op: ReduceOp = "max";
 * const [latest] = allreduce(BigInt64Array.of(1_700_000_000_000n), op); // the largest value over all ranks
 * ```
 */
export type ReduceOp = "sum" | "min" | "max";

/**
 * Physical layouts of a key column the native hash understands (Arrow's buffers).
 *
 * @example
 * ```ts
 * import { keyColumnOf, type NativeKeyType } from "@datajax/backend-spmd-native";
 * import { Field, Utf8, vectorFromArray } from "apache-arrow";
 *
 * const zones = vectorFromArray(["JFK", "LGA"], new Utf8());
 * const kind: NativeKeyType = keyColumnOf(new Field("zone", new Utf8()), zones.data[0]!).type; // "utf8"
 * ```
 */
export type NativeKeyType =
  | "bool"
  | "int8"
  | "int16"
  | "int32"
  | "int64"
  | "uint8"
  | "uint16"
  | "uint32"
  | "uint64"
  | "float32"
  | "float64"
  | "utf8"
  | "null";

/**
 * A borrowed view of one key column: `values` starts at row 0 (bool values and `validity` start
 * at bit `bitOffset`); utf8 has `offsets` (rowCount + 1 entries) into the `values` bytes.
 * keyColumnOf builds one from an Arrow column without copying.
 *
 * @example
 * ```ts
 * import { nativeAddon, type NativeKeyColumn } from "@datajax/backend-spmd-native";
 *
 * const zones: NativeKeyColumn = { type: "int32", values: Int32Array.of(132, 7, 132), validity: null };
 * nativeAddon().hashKeys([zones], 3); // Uint32Array: rows 0 and 2 hash alike
 * ```
 */
export interface NativeKeyColumn {
  /** The physical layout of the values. */
  readonly type: NativeKeyType;
  /** The values from row 0 (bool: a bitmap from bit `bitOffset`; utf8: the string bytes); absent for null. */
  readonly values?: ArrayBufferView;
  /** utf8 only: rowCount + 1 byte offsets into `values`. */
  readonly offsets?: Int32Array;
  /** Arrow validity bitmap from bit `bitOffset` (bit set = value present); null or absent when no row is null. */
  readonly validity?: Uint8Array | null;
  /** The bit where row 0 starts in `validity` and in bool `values` (default 0). */
  readonly bitOffset?: number;
}

/**
 * The key hash of native/src/key_hash.h, bit-identical to core-ir's key-hash.ts. Prefer
 * hashPartitionBatch, which takes a RecordBatch and key column names.
 *
 * @example
 * ```ts
 * import { keyColumnOf, nativeAddon, type NativeKeyHash } from "@datajax/backend-spmd-native";
 * import { tableFromArrays } from "apache-arrow";
 *
 * const table = tableFromArrays({ PULocationID: Int32Array.of(132, 7, 132) });
 * const hash: NativeKeyHash = nativeAddon();
 * hash.hashPartition([keyColumnOf(table.schema.fields[0]!, table.getChild("PULocationID")!.data[0]!)], 3, 4); // Int32Array of ranks in 0..3
 * ```
 */
export interface NativeKeyHash {
  /** The key-tuple hash of each row (uint32). */
  hashKeys(keyColumns: readonly NativeKeyColumn[], rowCount: number): Uint32Array;
  /** The destination rank (0..ranks-1) of each row under hash partitioning on the key tuple. */
  hashPartition(keyColumns: readonly NativeKeyColumn[], rowCount: number, ranks: number): Int32Array;
}

// ---- compute kernels (expressions, aggregation, join, sort): typed in their own section ----

/**
 * The program object the expression kernels take (what compileExprProgram returns; an ExprProgram
 * is one).
 *
 * @example
 * ```ts
 * import { Expr, field, schema, t } from "@datajax/core-ir";
 * import { compileExprProgram, type NativeExprProgramBuffers } from "@datajax/backend-spmd-native";
 *
 * const s = schema([field("fare", t.float64)]);
 * const buffers: NativeExprProgramBuffers = compileExprProgram([Expr.call("neg", [Expr.column("fare")])], s);
 * buffers.outputTypes; // Int32Array [10] (PhysType.Float64)
 * ```
 */
export interface NativeExprProgramBuffers {
  /** Instructions, INSTRUCTION_WORDS int32 words each. */
  readonly code: Int32Array;
  /** Registers the program uses. */
  readonly registers: number;
  /** float64 constants (every non-64-bit-integer literal). */
  readonly constants: Float64Array;
  /** int64/uint64/timestamp literals (uint64 as its bits). */
  readonly wideConstants: BigInt64Array;
  /** PhysType code of each input slot. */
  readonly inputTypes: Int32Array;
  /** The register of each output. */
  readonly outputRegisters: Int32Array;
  /** PhysType code of each output. */
  readonly outputTypes: Int32Array;
}

/**
 * The compute kernels of the addon (native/src/kernels_*.cc). Columns are passed as parallel
 * arrays of values (typed arrays from row 0; bool: bitmaps) and validity bitmaps (null: no
 * nulls); type codes are PhysType / AggregateFn codes. Prefer the checked wrappers in `kernels/`
 * (evaluateMap, HashAggregation, HashJoinTable, sortPermutation, ...), which take it as their
 * last, optional argument.
 *
 * @example
 * ```ts
 * import { nativeAddon, PhysType, type NativeKernels } from "@datajax/backend-spmd-native";
 *
 * const kernels: NativeKernels = nativeAddon();
 * const fares = Float64Array.of(3, 1, 2);
 * kernels.sortPermutation(Int32Array.of(PhysType.Float64), [fares], [null], Int32Array.of(0), Int32Array.of(1), 3); // Int32Array [1, 2, 0]
 * ```
 */
export interface NativeKernels {
  /** Evaluates every program output into `outValues[k]` / `outValidity[k]`; returns each output's null count. */
  exprMap(program: NativeExprProgramBuffers, values: readonly ArrayBufferView[], validity: readonly (Uint8Array | null)[], rows: number, outValues: readonly ArrayBufferView[], outValidity: readonly Uint8Array[]): number[];
  /** Writes the indices of the rows whose bool output `predicate` is true into `selection`; returns how many. */
  exprFilter(program: NativeExprProgramBuffers, values: readonly ArrayBufferView[], validity: readonly (Uint8Array | null)[], rows: number, predicate: number, selection: Int32Array): number;
  /**
   * Aggregates outputs over the rows whose predicate (-1: none) is true: per aggregate k,
   * results[2k] is the float value and results[2k+1] the count of values; wideResults[k] the
   * integer value. `takes[k]` (optional) reads input k through those row indices (-1: null).
   * Returns the selected row count.
   */
  exprFilterAggregate(program: NativeExprProgramBuffers, values: readonly ArrayBufferView[], validity: readonly (Uint8Array | null)[], rows: number, predicate: number, fns: Int32Array, outputs: Int32Array, results: Float64Array, wideResults: BigInt64Array, takes?: readonly (Int32Array | null)[]): number;
  /**
   * Filter + derive in one pass: writes the rows whose bool output `predicate` (-1: every row) is
   * true of every output, compacted, into `outValues[k]` (one spare value slot past `rows`) /
   * `outValidity[k]` (zeroed; left untouched for an output without nulls); returns
   * [kept rows, null count of each output].
   */
  exprFilterMap(program: NativeExprProgramBuffers, values: readonly ArrayBufferView[], validity: readonly (Uint8Array | null)[], rows: number, predicate: number, outValues: readonly ArrayBufferView[], outValidity: readonly Uint8Array[]): number[];
  /** Gathers rows `indices[0..count)` (-1: null) of one column; returns the null count. */
  takeRows(type: number, values: ArrayBufferView, validity: Uint8Array | null, indices: Int32Array, count: number, outValues: ArrayBufferView, outValidity: Uint8Array): number;
  /** Hash aggregation state (keys: PhysType codes and KeyDomain codes; fns: AggregateFn codes with their argument PhysType). */
  GroupAggregator: new (keyTypes: Int32Array, keyDomains: Int32Array, fns: Int32Array, argTypes: Int32Array) => NativeGroupAggregator;
  /** Hash join state over keys compared in `keyDomains`. */
  HashJoin: new (keyDomains: Int32Array) => NativeHashJoin;
  /** The stable permutation ordering rows by the keys (descending / nullsLast: 0 or 1 per key). */
  sortPermutation(keyTypes: Int32Array, values: readonly ArrayBufferView[], validity: readonly (Uint8Array | null)[], descending: Int32Array, nullsLast: Int32Array, rows: number): Int32Array;
  /** sortPermutation sorted on a libuv worker thread (the keys are copied first), so the event loop keeps running. */
  sortPermutationAsync(keyTypes: Int32Array, values: readonly ArrayBufferView[], validity: readonly (Uint8Array | null)[], descending: Int32Array, nullsLast: Int32Array, rows: number): Promise<Int32Array>;
}

/**
 * The addon's hash aggregation object (native/src/kernels_aggregate.cc), made by
 * `new kernels.GroupAggregator(...)`. Prefer HashAggregation, which checks types and allocates outputs.
 *
 * @example
 * ```ts
 * import { AggregateFn, KeyDomain, nativeAddon, PhysType, type NativeGroupAggregator } from "@datajax/backend-spmd-native";
 *
 * const { GroupAggregator } = nativeAddon();
 * const countByZone: NativeGroupAggregator = new GroupAggregator(Int32Array.of(PhysType.Int32), Int32Array.of(KeyDomain.Int), Int32Array.of(AggregateFn.CountAll), Int32Array.of(-1));
 * countByZone.update([Int32Array.of(132, 7, 132)], [null], [null], [null], 3);
 * countByZone.groupCount(); // 2
 * ```
 */
export interface NativeGroupAggregator {
  /** Folds `rows` rows in: one key column per key, one argument column per aggregate (anything for count()). */
  update(keyValues: readonly ArrayBufferView[], keyValidity: readonly (Uint8Array | null)[], argValues: readonly (ArrayBufferView | null)[], argValidity: readonly (Uint8Array | null)[], rows: number): void;
  /**
   * Filter + derive + aggregate in one pass: runs `program` over the input columns, keeps the rows
   * whose bool output `predicate` (-1: every row) is true, and folds them in with key k read from
   * output `keyOutputs[k]` and aggregate a from output `argOutputs[a]` (-1 for count()).
   */
  updateFiltered(program: NativeExprProgramBuffers, values: readonly ArrayBufferView[], validity: readonly (Uint8Array | null)[], rows: number, predicate: number, keyOutputs: Int32Array, argOutputs: Int32Array): void;
  /** Groups so far (1 for a global aggregate). */
  groupCount(): number;
  /** Writes keys and results of every group (first-seen order); returns each result's null count. */
  emit(keyValues: readonly ArrayBufferView[], keyValidity: readonly Uint8Array[], resultValues: readonly ArrayBufferView[], resultValidity: readonly Uint8Array[]): number[];
}

/**
 * The addon's hash join object (native/src/kernels_join.cc), made by `new kernels.HashJoin(keyDomains)`.
 * Prefer HashJoinTable, which checks key types and takes join kinds by name.
 *
 * @example
 * ```ts
 * import { KeyDomain, nativeAddon, PhysType, type NativeHashJoin } from "@datajax/backend-spmd-native";
 *
 * const { HashJoin } = nativeAddon();
 * const join: NativeHashJoin = new HashJoin(Int32Array.of(KeyDomain.Int));
 * const keyTypes = Int32Array.of(PhysType.Int32);
 * join.build(keyTypes, [Int32Array.of(7, 9)], [null], 2);
 * join.probe(keyTypes, [Int32Array.of(9, 1)], [null], 2, 0); // inner: { left: Int32Array [0], right: Int32Array [1] }
 * ```
 */
export interface NativeHashJoin {
  /** Adds build-side rows (batches may follow each other; row numbers continue). */
  build(keyTypes: Int32Array, keyValues: readonly ArrayBufferView[], keyValidity: readonly (Uint8Array | null)[], rows: number): void;
  /** Matches probe rows: how 0 inner, 1 left, 2 semi, 3 anti; right is null for semi/anti. */
  probe(
    keyTypes: Int32Array, keyValues: readonly ArrayBufferView[], keyValidity: readonly (Uint8Array | null)[], rows: number, how: number, scratch?: Int32Array,
  ): { left: Int32Array | null; right: Int32Array | null; everyRowOnce: boolean };
  /** Build rows no probe matched so far, in build order. */
  unmatchedBuildRows(): Int32Array;
}

/**
 * Everything the datajax_spmd addon exports: its MPI functions, key hash and compute kernels.
 *
 * @example
 * ```ts
 * import { nativeAddon, type NativeAddon } from "@datajax/backend-spmd-native";
 *
 * const addon: NativeAddon = nativeAddon(); // loaded once per process
 * addon.hashKeys([{ type: "float64", values: Float64Array.of(9.5, 12), validity: null }], 2); // Uint32Array(2)
 * ```
 */
export type NativeAddon = NativeComm & NativeKeyHash & NativeKernels;

let addon: NativeAddon | undefined;

/**
 * The loaded addon, loaded once per process (throws NativeAddonNotFoundError when not built).
 *
 * @example
 * ```ts
 * import { nativeAddon } from "@datajax/backend-spmd-native";
 *
 * const { rank, size } = nativeAddon().init();
 * ```
 */
export function nativeAddon(): NativeAddon {
  addon ??= loadNativeAddon<NativeAddon>();
  return addon;
}
