import { DataJaxError, RepartitionNode, walkPlan, type PlanNode, type Sharding } from "@datajax/core-ir";
import { Resource } from "../sharding/resource.js";
import { parseShardingSpec, resolveShardingSpec, ShardingSpecError, type ShardingSpec } from "../sharding/shard.js";
import { Frame } from "../tracing/frame.js";
import { djit, type DjitOptions, type JittedFunction, type Partitioning, type TracedFunction } from "./djit.js";

/**
 * djit's options (less `partitioning`) plus the resource to run over and the argument and result
 * sharding specs; every spec is checked for shape when pjit is called (ShardingSpecError).
 *
 * @example
 * ```ts
 * import { Resource, shard, type PjitOptions } from "@datajax/transforms";
 * const options: PjitOptions = {
 *   resource: new Resource({ axes: { data: 4 } }),
 *   inShardings: [shard.block(), shard.replicated()],
 *   outShardings: shard.byKey("PULocationID"),
 * };
 * ```
 */
export interface PjitOptions extends Omit<DjitOptions, "partitioning"> {
  /** The ranks to run over (on one process the local backend simulates them). */
  readonly resource: Resource;
  /** One spec per data argument, in order (null: replicated). Default: shard.block() for each. */
  readonly inShardings?: readonly (ShardingSpec | null)[];
  /** How the result must be laid out; default: however the plan leaves it. */
  readonly outShardings?: ShardingSpec | null;
}

/**
 * `jit(fn, in_shardings, out_shardings)`: `fn` runs partitioned over the ranks of `resource`. Every
 * spec is checked for shape when pjit is called (zod) and against the schemas and the resource when
 * a call traces (key columns exist, axes exist); the planner then inserts the exchanges the specs
 * need and drops the ones already met. Results are the rows `djit(fn)` returns (order aside);
 * `run()` also gives the per-rank view (`ranks[r]`: the rows rank r holds). Bad specs, axes or
 * spec counts throw ShardingSpecError; a missing Resource throws DataJaxError `DJX_RESOURCE_SPEC`.
 *
 * @example
 * ```ts
 * import { tableFromArrays } from "apache-arrow";
 * import { createContainer } from "@datajax/runtime";
 * import { registerLocalBackend } from "@datajax/backend-local";
 * import { count, pjit, Resource, shard, type Frame } from "@datajax/transforms";
 * const container = createContainer();
 * registerLocalBackend(container);
 * const perZone = (trips: Frame) => trips.groupBy("zone").agg({ n: count() });
 * const f = pjit(perZone, { container, resource: new Resource({ axes: { data: 4 } }), outShardings: shard.byKey("zone") });
 * const { table, ranks } = await f.run(tableFromArrays({ zone: Int32Array.from([1, 2, 1]) }));
 * // table: one row per zone; ranks?.[r]: the zones rank r holds
 * ```
 */
export function pjit<F extends TracedFunction>(fn: F, options: PjitOptions): JittedFunction<F> {
  const name = options.name ?? (fn.name || "fn");
  const where = `pjit(${name})`;
  if (!(options.resource instanceof Resource)) throw new DataJaxError("DJX_RESOURCE_SPEC", `${where}: options.resource must be a Resource, e.g. new Resource({ axes: { data: 4 } }).`);
  const resource = options.resource;
  const statics = new Set(options.staticArgnums ?? []);
  const dataPositions = Array.from({ length: fn.length }, (_v, i) => i).filter((i) => !statics.has(i));
  const inSpecs = (options.inShardings ?? dataPositions.map(() => ({ kind: "block" }) as ShardingSpec)).map((s, i) => (s === null ? null : parseShardingSpec(s, `${where} inShardings[${i}]`)));
  if (inSpecs.length !== dataPositions.length) {
    throw new ShardingSpecError(where, options.inShardings, `gives ${inSpecs.length} spec(s) for ${dataPositions.length} data argument(s)`, undefined, "Give one spec (or null for replicated) per data argument, in order.");
  }
  const outSpec = options.outShardings ? parseShardingSpec(options.outShardings, `${where} outShardings`) : null;
  const axes = new Set([...inSpecs, outSpec].flatMap((s) => (s?.axis ? [s.axis] : [])));
  const soleAxis = Object.keys(resource.axes).length === 1 ? Object.keys(resource.axes)[0]! : "data";
  const axis = axes.size === 0 ? soleAxis : [...axes][0]!;
  if (axes.size > 1) throw new ShardingSpecError(where, [...axes], "spans several axes; a pjit function is partitioned along one axis of its resource");
  if (!(axis in resource.axes)) throw new ShardingSpecError(where, { axis }, `names axis "${axis}", which ${resource} does not have`, undefined, `Use one of its axes: ${Object.keys(resource.axes).join(", ")}.`);
  const others = Object.entries(resource.axes).filter(([a, n]) => a !== axis && n > 1);
  if (others.length > 0) throw new ShardingSpecError(where, resource.axes, `partitions along "${axis}" but axes ${others.map(([a]) => a).join(", ")} have more than one rank; only one axis of size > 1 can run`);

  const specAt = new Map(dataPositions.map((p, i) => [p, inSpecs[i]!] as const));
  const partitioning: Partitioning = {
    ranks: resource.axes[axis]!,
    argumentSharding(position, schema): Sharding {
      const spec = specAt.get(position) ?? null;
      return resolveShardingSpec(spec ?? { kind: "replicated" }, schema, resource, `${where} inShardings[${dataPositions.indexOf(position)}]`);
    },
    outputSharding: (schema) => (outSpec ? resolveShardingSpec(outSpec, schema, resource, `${where} outShardings`) : undefined),
    check(plan: PlanNode) {
      walkPlan(plan, (n) => {
        if (n.kind === "Repartition" && n.sharding.kind !== "single" && n.sharding.axis !== axis) {
          throw new ShardingSpecError(`${where} withShardingConstraint`, n.sharding, `names axis "${n.sharding.axis}", but the function runs along "${axis}" of ${resource}`, n.input.schema);
        }
      });
    },
  };
  return djit(fn, { ...options, name, partitioning });
}

/**
 * Inside a traced function: requires the rows to be laid out as `spec` at this point (a strict
 * Repartition the planner keeps even where it seems redundant), like JAX's with_sharding_constraint.
 * A malformed spec, or a key column the frame lacks, throws ShardingSpecError.
 *
 * @example
 * ```ts
 * import { col, shard, withShardingConstraint, type Frame } from "@datajax/transforms";
 * const step = (trips: Frame) => {
 *   const byZone = withShardingConstraint(trips.filter(col("fare").gt(0)), shard.byKey("zone"));
 *   return byZone.withColumn("fare_x2", col("fare").mul(2));
 * };
 * // pjit(step, { resource, ... })
 * ```
 */
export function withShardingConstraint(frame: Frame, spec: ShardingSpec): Frame {
  const parsed = parseShardingSpec(spec, "withShardingConstraint");
  return new Frame(RepartitionNode.create(frame.plan, resolveShardingSpec(parsed, frame.schema, null, "withShardingConstraint"), true));
}
