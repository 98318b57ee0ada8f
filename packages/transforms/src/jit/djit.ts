import { createHash } from "node:crypto";
import type { Table } from "apache-arrow";
import { DataJaxError, RepartitionNode, type Backend, type DataSource, type PlanNode, type ResultCache, type Schema, type Sharding, type UdfImplementation } from "@datajax/core-ir";
import { Executor, resolveBackend, UdfRegistry, type DependencyContainer, type RunResult } from "@datajax/runtime";
import { ArgumentTypeError } from "../errors/argument-type-error.js";
import { NoContainerError } from "../errors/no-container-error.js";
import type { Frame } from "../tracing/frame.js";
import { getDefaultContainer } from "./default-container.js";
import { explainCacheMiss } from "./explain-cache-miss.js";
import { lowerPlan, type Lowered, type OptimizeOptions } from "./lowered.js";
import { parameterNames } from "./parameter-names.js";
import { dataArgument, dataSignature, signatureKey, staticSignature, type ArgSignature, type Signature } from "./signature.js";
import { traceFunction } from "./trace.js";

/**
 * How `djit(fn, options)` compiles and runs `fn`: where backends come from, which arguments are
 * static, the optimizer's options, UDF implementations and result snapshots.
 *
 * @example
 * ```ts
 * import { createContainer } from "@datajax/runtime";
 * import { registerLocalBackend } from "@datajax/backend-local";
 * import { djit, type DjitOptions, type Frame } from "@datajax/transforms";
 * const container = createContainer();
 * registerLocalBackend(container);
 * const options: DjitOptions = { container, staticArgnums: [1], optimize: { disabledRules: ["fuse_maps"] } };
 * const topN = djit((trips: Frame, n: number) => trips.sort("fare", { descending: true }).head(n), options);
 * ```
 */
export interface DjitOptions {
  /** The backend id to run on; default: the container's default backend, or its only one. */
  readonly backend?: string;
  /**
   * The backend id that runs a plan `backend` reports it cannot run (Backend.unsupported), e.g.
   * "local" behind a SQL backend; the run's metrics say so (`metrics.fallback`). Without one, such
   * a plan fails with UnsupportedStageError before anything runs.
   */
  readonly fallbackBackend?: string;
  /** Where backends are registered; default: the one given to setDefaultContainer. */
  readonly container?: DependencyContainer;
  /** Positions of static arguments: passed to the function as they are, and part of the cache key. */
  readonly staticArgnums?: readonly number[];
  /** The name used in plans and messages (default: the function's name). */
  readonly name?: string;
  /** Passed to the optimizer as it is; `false` skips optimization. */
  readonly optimize?: OptimizeOptions | false;
  /** Implementations of the UDFs the function applies with frame.udf(name, ...). */
  readonly udfs?: UdfRegistry | ReadonlyMap<string, UdfImplementation>;
  /**
   * Result snapshots: a run whose plan, backend and input fingerprints match a kept result returns
   * it without running (e.g. io-parquet's DiskResultCache). Inputs without a stable fingerprint
   * (in-memory tables) still work; their fingerprint changes with every new table.
   */
  readonly snapshots?: ResultCache;
  /** Set by pjit: how the data arguments and the result are laid out over how many ranks. */
  readonly partitioning?: Partitioning;
}

/**
 * What pjit adds to djit: argument and result shardings, checked at trace time, and the ranks to
 * run on. pjit builds it from its options; write one by hand only to extend pjit.
 *
 * @example
 * ```ts
 * import { Sharding } from "@datajax/core-ir";
 * import { type Partitioning } from "@datajax/transforms";
 * const fourBlocks: Partitioning = {
 *   ranks: 4,
 *   argumentSharding: () => Sharding.block("data"),
 *   outputSharding: () => undefined,
 *   check: () => {},
 * };
 * ```
 */
export interface Partitioning {
  /** How many ranks the function runs over. */
  readonly ranks: number;
  /** Per data argument position: its sharding (from the argument's schema), or an error. */
  argumentSharding(position: number, schema: Schema): Sharding;
  /** The result's sharding, from its schema; undefined to leave it as the plan makes it. */
  outputSharding(schema: Schema): Sharding | undefined;
  /** Refuses a traced plan whose shardings name something the resource lacks. */
  check(plan: PlanNode): void;
}

/**
 * What a jitted function accepts in a Frame's place: an Arrow table or a DataSource (readParquet, tableSource).
 *
 * @example
 * ```ts
 * import { tableFromArrays } from "apache-arrow";
 * import { tableSource } from "@datajax/runtime";
 * import type { DataArgumentInput } from "@datajax/transforms";
 * const table = tableFromArrays({ fare: Float64Array.from([12.5, 7]) });
 * const inputs: DataArgumentInput[] = [table, tableSource(table, "trips")];
 * ```
 */
export type DataArgumentInput = Table | DataSource;
/**
 * What a caller passes for one traced parameter: a data argument for a Frame, the value itself otherwise.
 *
 * @example
 * ```ts
 * import { tableFromArrays } from "apache-arrow";
 * import type { Frame, JitArg } from "@datajax/transforms";
 * const data: JitArg<Frame> = tableFromArrays({ fare: Float64Array.from([1]) }); // Table | DataSource
 * const limit: JitArg<number> = 10;                                               // number
 * ```
 */
export type JitArg<P> = P extends Frame ? DataArgumentInput : P;
/**
 * The jitted function's parameters: each Frame parameter takes data, the others stay as they are.
 *
 * @example
 * ```ts
 * import { tableFromArrays } from "apache-arrow";
 * import type { Frame, JitArgs } from "@datajax/transforms";
 * type TopN = (trips: Frame, n: number) => Frame;
 * const args: JitArgs<Parameters<TopN>> = [tableFromArrays({ fare: Float64Array.from([3, 1]) }), 10];
 * ```
 */
export type JitArgs<P extends readonly unknown[]> = { [K in keyof P]: JitArg<P[K]> };

/**
 * A run's table and metrics, and whether the compiled plan came from the cache: what
 * `jitted.run(...)` resolves to.
 *
 * @example
 * ```ts
 * import { tableFromArrays } from "apache-arrow";
 * import { createContainer } from "@datajax/runtime";
 * import { registerLocalBackend } from "@datajax/backend-local";
 * import { djit, col, type Frame, type JitRunResult } from "@datajax/transforms";
 * const container = createContainer();
 * registerLocalBackend(container);
 * const positive = djit((trips: Frame) => trips.filter(col("fare").gt(0)), { container });
 * const result: JitRunResult = await positive.run(tableFromArrays({ fare: Float64Array.from([12.5, -1]) }));
 * result.table.numRows; // 1
 * result.cacheHit;      // false on the first call with this signature
 * ```
 */
export interface JitRunResult extends RunResult {
  /** True when the compiled plan for this signature and backend was reused (no trace, no compile). */
  readonly cacheHit: boolean;
  /** True when the result came from `options.snapshots` without running. */
  readonly snapshotHit?: boolean;
}

/**
 * A function `djit`/`pjit` can trace: Frames and static arguments in, one Frame out.
 *
 * @example
 * ```ts
 * import { col, type Frame, type TracedFunction } from "@datajax/transforms";
 * const cheapTrips: TracedFunction = (trips: Frame, limit: number) => trips.filter(col("fare").lt(limit));
 * ```
 */
// biome-ignore lint/suspicious/noExplicitAny: parameters are Frames and static values of any type; `unknown[]` would reject typed functions.
export type TracedFunction = (...args: any[]) => Frame;

/**
 * What djit and pjit return: call it like `fn`, with data (Arrow tables or DataSources) in each
 * Frame's place, to get the result table; `run`, `lower` and `explainCacheMiss` expose the rest.
 *
 * @example
 * ```ts
 * import { tableFromArrays } from "apache-arrow";
 * import { createContainer } from "@datajax/runtime";
 * import { registerLocalBackend } from "@datajax/backend-local";
 * import { djit, col, type Frame, type JittedFunction } from "@datajax/transforms";
 * const container = createContainer();
 * registerLocalBackend(container);
 * const positive: JittedFunction<(trips: Frame) => Frame> = djit((trips: Frame) => trips.filter(col("fare").gt(0)), { container });
 * const table = tableFromArrays({ fare: Float64Array.from([12.5, -1]) });
 * (await positive(table)).numRows; // 1
 * console.log(positive.lower(table).text.optimized, positive.cacheSize); // plan text, 1
 * ```
 */
export interface JittedFunction<F extends TracedFunction> {
  /** Runs on the backend and returns the result table. */
  (...args: JitArgs<Parameters<F>>): Promise<Table>;
  /** Runs and returns the table with per-stage metrics. */
  run(...args: JitArgs<Parameters<F>>): Promise<JitRunResult>;
  /** Traces (or reuses the trace), optimizes and plans without running: `ir`, `optimized`, `stages`, `text`. */
  lower(...args: JitArgs<Parameters<F>>): Lowered;
  /** Whether a call with these arguments would reuse a compiled plan and, if not, what differs. */
  explainCacheMiss(...args: JitArgs<Parameters<F>>): string;
  /** Number of compiled plans held (one per signature and backend). */
  readonly cacheSize: number;
  /** Drops every compiled plan and trace, so the next call traces and compiles again. */
  clearCache(): void;
}

interface Executable {
  readonly signature: Signature;
  readonly lowered: Lowered;
  readonly executor: Executor;
}

/** What a snapshot is keyed by: the stage graph's content, the backend and every input's fingerprint. */
function snapshotKeyOf(entry: Executable, sources: ReadonlyMap<number, DataSource>): string {
  const h = createHash("sha256");
  h.update(`${entry.executor.backend.id}\0${entry.executor.backend.compilerVersion}\0`);
  for (const s of entry.lowered.stages.stages) h.update(`${s.id}:${s.hash}\0`);
  for (const [slot, source] of [...sources].sort((a, b) => a[0] - b[0])) h.update(`${slot}=${source.fingerprint()}\0`);
  return h.digest("hex");
}

/** One Executor per container and backend name: resolution happens once, not on every call. */
const executors = new WeakMap<DependencyContainer, Map<string, Executor>>();
const DEFAULT_BACKEND = "\u0000default";

function executorFor(container: DependencyContainer, backend: string | undefined, fallbackBackend?: string): Executor {
  let byName = executors.get(container);
  if (!byName) {
    byName = new Map();
    executors.set(container, byName);
  }
  const name = `${backend ?? DEFAULT_BACKEND}\u0000${fallbackBackend ?? ""}`;
  let executor = byName.get(name);
  if (!executor) {
    const resolved: Backend = resolveBackend(container, backend);
    executor = new Executor(resolved, fallbackBackend === undefined ? {} : { fallback: resolveBackend(container, fallbackBackend) });
    byName.set(name, executor);
  }
  return executor;
}

/**
 * Compiles `fn` (a function of Frames returning a Frame) for the abstract signature of each call
 * (every data argument's schema and sharding, the static arguments, the backend) and runs it.
 * The first call with a signature traces `fn` with Frame tracers, optimizes, plans stages and
 * compiles them on the backend; later calls with the same signature only bind data and run.
 *
 * Backends are resolved from `options.container` or the default container once per container and
 * backend name; register backends before the first call. Errors: DataJaxError `DJX_DJIT_ARGUMENT`
 * (not a function, bad staticArgnums, too few arguments), ArgumentTypeError (an argument that is
 * neither data nor static), TraceOutputError (fn did not return a Frame), NoContainerError.
 *
 * @example
 * ```ts
 * import { tableFromArrays } from "apache-arrow";
 * import { createContainer } from "@datajax/runtime";
 * import { registerLocalBackend } from "@datajax/backend-local";
 * import { djit, col, mean, type Frame } from "@datajax/transforms";
 * const container = createContainer();
 * registerLocalBackend(container);
 * const avgFare = djit((trips: Frame) => trips.filter(col("fare").gt(0)).agg({ avg: mean("fare") }), { container });
 * const result = await avgFare(tableFromArrays({ fare: Float64Array.from([10, 20, -5]) }));
 * result.getChild("avg")?.get(0); // 15
 * ```
 */
export function djit<F extends TracedFunction>(fn: F, options: DjitOptions = {}): JittedFunction<F> {
  if (typeof fn !== "function") throw new DataJaxError("DJX_DJIT_ARGUMENT", `djit: expected a function of Frames, got ${typeof fn}.`);
  const name = options.name ?? (fn.name || "fn");
  const statics = new Set(options.staticArgnums ?? []);
  for (const i of statics) {
    if (!Number.isInteger(i) || i < 0) throw new DataJaxError("DJX_DJIT_ARGUMENT", `djit(${name}): staticArgnums must hold argument positions (non-negative integers), got ${i}.`);
  }
  const names = parameterNames(fn, fn.length);
  const required = fn.length;
  const udfs: ReadonlyMap<string, UdfImplementation> = options.udfs instanceof UdfRegistry ? options.udfs.asMap() : (options.udfs ?? new Map());

  /** Trace + optimize + plan results by argument signature (backend-independent). */
  const lowerings = new Map<string, Lowered>();
  /** Compiled plans by backend id + argument signature. */
  const executables = new Map<string, Executable>();

  const argumentSignatures = (args: readonly unknown[], sources?: Map<number, DataSource>): ArgSignature[] => {
    if (args.length < required) {
      throw new DataJaxError("DJX_DJIT_ARGUMENT", `${name}: expects ${required} argument(s) (${names.slice(0, required).join(", ")}), got ${args.length}.`);
    }
    const sigs = new Array<ArgSignature>(args.length);
    for (let i = 0; i < args.length; i++) {
      const a = args[i];
      if (statics.has(i)) {
        sigs[i] = staticSignature(a);
        continue;
      }
      const data = dataArgument(a, names[i] ?? `arg${i}`);
      if (!data) throw new ArgumentTypeError(name, i, names[i] ?? `arg${i}`, describeNonData(a));
      const p = options.partitioning;
      if (p) {
        sigs[i] = dataSignature(data.signature.schema, p.argumentSharding(i, data.signature.schema));
      } else sigs[i] = data.signature;
      sources?.set(i, data.source);
    }
    return sigs;
  };

  const lowered = (sigs: readonly ArgSignature[], args: readonly unknown[], argKey: string): Lowered => {
    let l = lowerings.get(argKey);
    if (!l) {
      let ir = traceFunction(fn, name, sigs, args, names);
      const p = options.partitioning;
      if (p) {
        const out = p.outputSharding(ir.schema);
        if (out) ir = RepartitionNode.create(ir, out, false);
        p.check(ir);
      }
      l = lowerPlan(ir, options.optimize);
      lowerings.set(argKey, l);
    }
    return l;
  };

  const containerOrThrow = (): DependencyContainer => {
    const c = options.container ?? getDefaultContainer();
    if (!c) throw new NoContainerError(options.backend);
    return c;
  };

  const run = async (args: readonly unknown[]): Promise<JitRunResult> => {
    const executor = executorFor(containerOrThrow(), options.backend, options.fallbackBackend);
    const sources = new Map<number, DataSource>();
    const sigs = argumentSignatures(args, sources);
    const argKey = signatureKey(sigs, "");
    const key = executor.backend.id + argKey;
    let entry = executables.get(key);
    const cacheHit = entry !== undefined;
    if (!entry) {
      const l = lowered(sigs, args, argKey);
      executor.compile(l.stages);
      entry = { signature: { args: sigs, backend: executor.backend.id, key }, lowered: l, executor };
      executables.set(key, entry);
    }
    const snapshotKey = options.snapshots ? snapshotKeyOf(entry, sources) : undefined;
    if (snapshotKey) {
      const kept = await options.snapshots!.get(snapshotKey);
      if (kept) return { table: kept, metrics: { backend: entry.executor.backend.id, wallMs: 0, compileMs: 0, compiledStagesReused: 0, rowsOut: kept.numRows, batchesOut: kept.batches.length, peakBufferBytes: 0, stages: [] }, cacheHit, snapshotHit: true };
    }
    const result = await entry.executor.run(entry.lowered.stages, { arguments: sources, udfs, ...(options.partitioning ? { ranks: options.partitioning.ranks } : {}) });
    if (snapshotKey) await options.snapshots!.put(snapshotKey, result.table);
    return { ...result, cacheHit, ...(snapshotKey ? { snapshotHit: false } : {}) };
  };

  const jitted = ((...args: unknown[]) => run(args).then((r) => r.table)) as JittedFunction<F>;
  Object.defineProperty(jitted, "name", { value: name });
  Object.defineProperties(jitted, {
    run: { value: (...args: unknown[]) => run(args) },
    lower: {
      value: (...args: unknown[]): Lowered => {
        const sigs = argumentSignatures(args);
        return lowered(sigs, args, signatureKey(sigs, ""));
      },
    },
    explainCacheMiss: {
      value: (...args: unknown[]): string => {
        const sigs = argumentSignatures(args);
        let backend: string;
        try {
          backend = executorFor(containerOrThrow(), options.backend, options.fallbackBackend).backend.id;
        } catch {
          backend = options.backend ?? "(no backend registered)";
        }
        const key = backend + signatureKey(sigs, "");
        return explainCacheMiss(name, { args: sigs, backend, key }, [...executables.values()].map((e) => e.signature), names);
      },
    },
    cacheSize: { get: () => executables.size },
    clearCache: {
      value: () => {
        executables.clear();
        lowerings.clear();
      },
    },
  });
  return jitted;
}

function describeNonData(x: unknown): string {
  if (x === null || x === undefined) return `is ${x}`;
  if (typeof x === "object") {
    const ctor = (x as object).constructor?.name ?? "Object";
    if (ctor === "Frame") return "is a Frame: a tracer cannot be passed to a jitted function (call the traced function directly inside another traced function instead)";
    return `is an object of type ${ctor}, not data`;
  }
  return `is a ${typeof x} (${String(x).slice(0, 40)})`;
}
