import { closestMatch, DataJaxError, findField, ProjectNode, ScanNode, UnionNode, type PlanNode } from "@datajax/core-ir";
import { batchPlan, distinctKeys, type Batched } from "../batching/batching-rules.js";
import { NotBatchableError } from "../errors/not-batchable-error.js";
import { TraceOutputError } from "../errors/trace-output-error.js";
import { Frame } from "../tracing/frame.js";

/**
 * Which arguments of a vmapped function are keyed (and by which columns) and where the keys go in
 * the output. Mapped arguments must share one non-empty key list (else DataJaxError `DJX_VMAP_AXES`).
 *
 * @example
 * ```ts
 * import { vmap, type Frame, type VmapOptions } from "@datajax/transforms";
 * const options: VmapOptions = { inAxes: ["PULocationID", null], outAxes: 0 }; // trips keyed, zones broadcast
 * const joined = vmap((trips: Frame, zones: Frame) => trips.join(zones, { on: "zone" }), options);
 * ```
 */
export interface VmapOptions {
  /** Per argument: its group key column(s), or null to broadcast it to every group. Mapped arguments share the keys. */
  readonly inAxes: readonly (string | readonly string[] | null)[];
  /** The position of the key columns in the output (default 0: first). */
  readonly outAxes?: number;
}

let placeholders = 0;

/**
 * Batches `fn`, written for one group's frame, over every group at once: `vmap(f)(x)` returns, as
 * one plan, the rows of f(x where key = k) for every group k of x with the key columns attached at
 * `outAxes`. Each plan node has a batching rule (batching-rules.ts): Map and Filter stay, a global
 * Aggregate becomes a GroupBy on the key (every group gets a row, empty ones too), GroupBy(g)
 * becomes GroupBy(key, g), a Join of two mapped frames joins on (key, j), Sort and Limit act per
 * group. A node without a rule raises NotBatchableError. The result is a traceable function of
 * Frames: call it inside djit or pjit (or another vmap, for nested keys).
 *
 * @typeParam F - The per-group function: Frames in, one Frame out.
 *
 * @example
 * ```ts
 * import { tableFromArrays } from "apache-arrow";
 * import { createContainer } from "@datajax/runtime";
 * import { registerLocalBackend } from "@datajax/backend-local";
 * import { col, count, djit, mean, vmap, type Frame } from "@datajax/transforms";
 * const container = createContainer();
 * registerLocalBackend(container);
 * const features = (trips: Frame) => trips.filter(col("fare").gt(0)).agg({ trips: count(), avg_fare: mean("fare") });
 * const perZone = djit(vmap(features, { inAxes: ["zone"] }), { container });
 * const table = await perZone(tableFromArrays({ zone: Int32Array.from([1, 1, 2]), fare: Float64Array.from([10, 4, -1]) }));
 * // one row per zone, empty groups too: { zone: 1, trips: 2, avg_fare: 7 }, { zone: 2, trips: 0, avg_fare: null }
 * ```
 */
export function vmap<F extends (...frames: Frame[]) => Frame>(fn: F, options: VmapOptions): (...frames: Frame[]) => Frame {
  const axes = options.inAxes.map((a) => (a === null ? null : typeof a === "string" ? [a] : [...a]));
  const mappedKeys = axes.filter((a): a is string[] => a !== null);
  if (mappedKeys.length === 0) throw new DataJaxError("DJX_VMAP_AXES", "vmap: inAxes maps no argument; name the key column(s) of at least one, e.g. { inAxes: [\"PULocationID\"] }.");
  const keys = mappedKeys[0]!;
  if (keys.length === 0 || mappedKeys.some((k) => k.length !== keys.length || k.some((c, i) => c !== keys[i]))) {
    throw new DataJaxError("DJX_VMAP_AXES", `vmap: every mapped argument must be keyed by the same non-empty column list, got ${JSON.stringify(options.inAxes)}.`);
  }
  return (...frames: Frame[]): Frame => {
    if (frames.length !== axes.length) throw new DataJaxError("DJX_VMAP_AXES", `vmap: inAxes has ${axes.length} entries for ${frames.length} argument(s); give one per argument (null to broadcast).`);
    const leaves = new Map<PlanNode, Batched>();
    const id = ++placeholders;
    const tracers = frames.map((f, i) => {
      if (!(f instanceof Frame)) throw new DataJaxError("DJX_VMAP_AXES", `vmap: argument ${i} is not a Frame; call the vmapped function inside djit, pjit or another vmap.`);
      if (axes[i]) {
        for (const k of keys) {
          if (!findField(f.schema, k)) {
            const close = closestMatch(k, f.columns);
            throw new DataJaxError("DJX_VMAP_AXES", `vmap: argument ${i} has no key column "${k}" (schema ${f.describe()}).${close ? ` Did you mean "${close}"?` : ""}`);
          }
        }
      }
      const placeholder = ScanNode.create({ kind: "vmap", name: `vmap${id}_arg${i}`, uri: `vmap:${id}:${i}` }, f.schema);
      leaves.set(placeholder, { plan: f.plan, batched: axes[i] !== null });
      return new Frame(placeholder);
    });
    const out = fn(...tracers);
    if (!(out instanceof Frame)) throw new TraceOutputError(`vmap(${fn.name || "fn"})`, out);
    const mapped = frames.filter((_f, i) => axes[i] !== null).map((f) => ProjectNode.select(f.plan, keys));
    const groups = () => distinctKeys(mapped.length === 1 ? mapped[0]! : UnionNode.create(mapped), keys);
    const batched = batchPlan(out.plan, leaves, { keys, groups });
    if (!batched.batched) throw new NotBatchableError("the result", "it does not depend on any mapped argument");
    const names = batched.plan.schema.fields.map((f) => f.name).filter((n) => !keys.includes(n));
    const at = Math.max(0, Math.min(options.outAxes ?? 0, names.length));
    return new Frame(ProjectNode.select(batched.plan, [...names.slice(0, at), ...keys, ...names.slice(at)]));
  };
}
