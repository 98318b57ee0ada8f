import { Table } from "apache-arrow";
import { DataJaxError, formatSchema, sameSchema, ScanNode, Sharding, toArrowSchema, type DataSource, type Schema } from "@datajax/core-ir";
import { Executor, resolveBackend, tableSource, type DependencyContainer } from "@datajax/runtime";
import { NoContainerError } from "../errors/no-container-error.js";
import { Frame } from "../tracing/frame.js";
import { getDefaultContainer } from "./default-container.js";
import { djit, type DataArgumentInput } from "./djit.js";
import { lowerPlan, type Lowered, type OptimizeOptions } from "./lowered.js";
import { dataArgument } from "./signature.js";

/**
 * How `scan` cuts `xs` into chunks (order, size or a column's runs, direction) and where it runs
 * (backend, container, optimizer). `chunkRows` and `chunkBy` exclude each other.
 *
 * @example
 * ```ts
 * import { type ScanOptions } from "@datajax/transforms";
 * const daily: ScanOptions = { orderBy: "day", chunkBy: "day" };           // one chunk per day, in day order
 * const batches: ScanOptions = { chunkRows: 10_000, reverse: true };        // fixed-size chunks, last first
 * ```
 */
export interface ScanOptions {
  /** Columns the rows are ordered by before they are cut into chunks (default: the input's order: a dataset's row-group order). */
  readonly orderBy?: string | readonly string[];
  /** Rows per chunk. */
  readonly chunkRows?: number;
  /** Cut a chunk wherever this column's value changes (in the order above), e.g. a day. */
  readonly chunkBy?: string;
  /** Walk the chunks last to first. */
  readonly reverse?: boolean;
  /** The backend id to run on (as DjitOptions.backend). */
  readonly backend?: string;
  /** The backend id that runs what `backend` cannot (as DjitOptions.fallbackBackend). */
  readonly fallbackBackend?: string;
  /** Where backends are registered; default: the one given to setDefaultContainer. */
  readonly container?: DependencyContainer;
  /** The name used in plans and messages (default: the function's name). */
  readonly name?: string;
  /** Passed to the optimizer for both step plans; `false` skips optimization. */
  readonly optimize?: OptimizeOptions | false;
}

/**
 * The carry a scan's function returns does not have the initial carry's schema (code
 * `DJX_SCAN_CARRY`); thrown by scan and lowerScan when they trace the step.
 *
 * @example
 * ```ts
 * import { field, schema, t } from "@datajax/core-ir";
 * import { tableFromArrays } from "apache-arrow";
 * import { col, lowerScan, ScanCarryError, type Frame } from "@datajax/transforms";
 * const init = tableFromArrays({ total: Float64Array.from([0]) });
 * const xs = tableFromArrays({ fare: Float64Array.from([1, 2]) });
 * try {
 *   lowerScan((carry: Frame, chunk: Frame) => [carry.withColumn("extra", col("total")), chunk] as const, init, xs);
 * } catch (err) {
 *   if (err instanceof ScanCarryError) console.log(err.code); // "DJX_SCAN_CARRY": select or cast to match
 * }
 * ```
 */
export class ScanCarryError extends DataJaxError {
  constructor(name: string, init: Schema, returned: Schema) {
    super(
      "DJX_SCAN_CARRY",
      `scan(${name}): the function must return a carry with the initial carry's schema (names, types, nullability).\n` +
        `  init:     ${formatSchema(init)}\n  returned: ${formatSchema(returned)}\n` +
        "Cast or select so that they match, e.g. carry.select(...) or col(x).cast(t.float64); fill_null for nullability.",
    );
  }
}

/**
 * The two plans of a scan's step, traced once: the next carry and the chunk's output. What
 * lowerScan returns.
 *
 * @example
 * ```ts
 * import { tableFromArrays } from "apache-arrow";
 * import { count, lowerScan, type Frame, type LoweredScan } from "@datajax/transforms";
 * const init = tableFromArrays({ n: BigInt64Array.from([0n]) });
 * const xs = tableFromArrays({ fare: Float64Array.from([1, 2]) });
 * const step = (carry: Frame, chunk: Frame) => [carry, chunk.agg({ n: count() })] as const;
 * const lowered: LoweredScan = lowerScan(step, init, xs);
 * console.log(lowered.carry.text.optimized, lowered.output.text.stages);
 * ```
 */
export interface LoweredScan {
  /** The plan computing the next carry from (carry, chunk). */
  readonly carry: Lowered;
  /** The plan computing the chunk's output y from (carry, chunk). */
  readonly output: Lowered;
}

/**
 * `lax.scan` over ordered chunks of a table or dataset: `carry = init; for each chunk:
 * [carry, y] = fn(carry, chunk)`; resolves to `[carry, concat(ys)]`. `fn` is traced once (a
 * Frame for the carry, one for the chunk), and the carry it returns must have init's schema
 * (checked at trace time). A dataset without `orderBy` streams in row-group order, one chunk per
 * batch (or per `chunkRows`), so state can only depend on rows already seen.
 *
 * @example
 * ```ts
 * import { Float64, Table, tableFromArrays, vectorFromArray } from "apache-arrow";
 * import { createContainer } from "@datajax/runtime";
 * import { registerLocalBackend } from "@datajax/backend-local";
 * import { count, scan, sum, type Frame } from "@datajax/transforms";
 * const container = createContainer();
 * registerLocalBackend(container);
 * const init = new Table({ total: vectorFromArray([0], new Float64()) }); // nullable, as sum's result is
 * const xs = tableFromArrays({ day: Int32Array.from([1, 1, 2]), fare: Float64Array.from([5, 7, 3]) });
 * const step = (carry: Frame, chunk: Frame) => [carry.union(chunk.agg({ total: sum("fare") })).agg({ total: sum("total") }), chunk.agg({ rows: count() })] as const;
 * const [carry, ys] = await scan(step, init, xs, { orderBy: "day", chunkBy: "day", container }); // carry: total 15; ys: rows 2, 1
 * ```
 */
export async function scan(
  fn: (carry: Frame, chunk: Frame) => readonly [Frame, Frame],
  init: DataArgumentInput,
  xs: DataArgumentInput,
  options: ScanOptions = {},
): Promise<[Table, Table]> {
  const lowered = lowerScan(fn, init, xs, options);
  const container = options.container ?? getDefaultContainer();
  if (!container) throw new NoContainerError(options.backend);
  const executor = new Executor(resolveBackend(container, options.backend), options.fallbackBackend === undefined ? {} : { fallback: resolveBackend(container, options.fallbackBackend) });
  let carry: Table = init instanceof Table ? init : await collect(init, null);
  const ys: Table[] = [];
  for await (const chunk of chunks(xs, options)) {
    const args = new Map<number, DataSource>([[0, tableSource(carry, "carry")], [1, tableSource(chunk, "chunk")]]);
    const next = (await executor.run(lowered.carry.stages, { arguments: args })).table;
    ys.push((await executor.run(lowered.output.stages, { arguments: args })).table);
    carry = next;
  }
  const ySchema = toArrowSchema(lowered.output.optimized.schema);
  return [carry, ys.length > 0 ? new Table(ys.flatMap((y) => y.batches)) : new Table(ySchema)];
}

/**
 * Traces and plans a scan's step without running it (the checks scan makes: init and xs must be
 * data, fn must return two Frames, the carry must keep init's schema: ScanCarryError).
 *
 * @example
 * ```ts
 * import { tableFromArrays } from "apache-arrow";
 * import { col, lowerScan, type Frame } from "@datajax/transforms";
 * const init = tableFromArrays({ fare: Float64Array.from([0]) });
 * const xs = tableFromArrays({ fare: Float64Array.from([1, 2]) });
 * const lowered = lowerScan((carry: Frame, chunk: Frame) => [carry, chunk.filter(col("fare").gt(1))] as const, init, xs);
 * console.log(lowered.output.text.optimized);
 * ```
 */
export function lowerScan(fn: (carry: Frame, chunk: Frame) => readonly [Frame, Frame], init: DataArgumentInput, xs: DataArgumentInput, options: Pick<ScanOptions, "name" | "optimize"> = {}): LoweredScan {
  const name = options.name ?? (fn.name || "fn");
  const initArg = dataArgument(init, "carry");
  const xsArg = dataArgument(xs, "chunk");
  if (!initArg || !xsArg) throw new DataJaxError("DJX_SCAN_ARGUMENT", `scan(${name}): init and xs must be Arrow tables or DataSources.`);
  const carryIn = new Frame(ScanNode.create({ kind: "argument", name: "carry", uri: "arg:0", slot: 0 }, initArg.signature.schema, { sharding: Sharding.single }));
  const chunkIn = new Frame(ScanNode.create({ kind: "argument", name: "chunk", uri: "arg:1", slot: 1 }, xsArg.signature.schema, { sharding: Sharding.single }));
  const out = fn(carryIn, chunkIn);
  if (!Array.isArray(out) || out.length !== 2 || !(out[0] instanceof Frame) || !(out[1] instanceof Frame)) {
    throw new DataJaxError("DJX_SCAN_OUTPUT", `scan(${name}): the function must return [carry, y], two Frames.`);
  }
  const [carryOut, y] = out as [Frame, Frame];
  if (!sameSchema(carryOut.schema, initArg.signature.schema)) throw new ScanCarryError(name, initArg.signature.schema, carryOut.schema);
  return { carry: lowerPlan(carryOut.plan, options.optimize), output: lowerPlan(y.plan, options.optimize) };
}

async function collect(source: DataSource, columns: readonly string[] | null): Promise<Table> {
  const batches = [];
  for await (const b of source.scan({ columns, filter: null })) batches.push(b);
  return batches.length > 0 ? new Table(batches) : new Table(toArrowSchema(source.schema));
}

/** The chunks of xs, in order: sorted when asked (which reads xs whole), cut by rows or by a column's runs. */
async function* chunks(xs: DataArgumentInput, options: ScanOptions): AsyncGenerator<Table> {
  const order = options.orderBy === undefined ? [] : typeof options.orderBy === "string" ? [options.orderBy] : [...options.orderBy];
  if (options.chunkRows !== undefined && (!Number.isSafeInteger(options.chunkRows) || options.chunkRows <= 0)) throw new RangeError(`scan: chunkRows must be a positive integer, got ${options.chunkRows}`);
  if (options.chunkRows !== undefined && options.chunkBy !== undefined) throw new DataJaxError("DJX_SCAN_ARGUMENT", "scan: give chunkRows or chunkBy, not both.");
  const streaming = !(xs instanceof Table) && order.length === 0 && options.chunkBy === undefined && !options.reverse;
  if (streaming) {
    // A dataset in its own order: one chunk per batch (row group), re-cut to chunkRows when asked.
    let pending: Table | null = null;
    for await (const b of (xs as DataSource).scan({ columns: null, filter: null })) {
      const t: Table = new Table([b]);
      if (options.chunkRows === undefined) { if (t.numRows > 0) yield t; continue; }
      pending = pending ? new Table([...pending.batches, ...t.batches]) : t;
      while (pending.numRows >= options.chunkRows) {
        yield pending.slice(0, options.chunkRows);
        pending = pending.slice(options.chunkRows);
      }
    }
    if (pending && pending.numRows > 0) yield pending;
    return;
  }
  let table = xs instanceof Table ? xs : await collect(xs, null);
  if (order.length > 0) table = await djit((x: Frame) => x.sort(order), { name: "scan_order", ...(options.container ? { container: options.container } : {}), ...(options.backend ? { backend: options.backend } : {}), ...(options.fallbackBackend ? { fallbackBackend: options.fallbackBackend } : {}) })(table);
  const cuts: [number, number][] = [];
  if (options.chunkBy !== undefined) {
    const column = table.getChild(options.chunkBy);
    if (!column) throw new DataJaxError("DJX_SCAN_ARGUMENT", `scan: chunkBy names "${options.chunkBy}", which xs does not have (columns: ${table.schema.fields.map((f) => f.name).join(", ")}).`);
    const values = column.toArray() as ArrayLike<unknown>;
    let start = 0;
    for (let i = 1; i <= table.numRows; i++) {
      if (i === table.numRows || String(values[i]) !== String(values[i - 1])) { cuts.push([start, i]); start = i; }
    }
  } else {
    const size = options.chunkRows ?? Math.max(1, table.batches[0]?.numRows ?? table.numRows);
    for (let start = 0; start < table.numRows; start += size) cuts.push([start, Math.min(table.numRows, start + size)]);
  }
  if (options.reverse) cuts.reverse();
  for (const [from, to] of cuts) yield table.slice(from, to);
}
