import * as z from "zod";
import { DataJaxError, DEFAULT_AXIS, findField, formatSchema, Sharding, closestMatch, type Schema } from "@datajax/core-ir";
import type { Resource } from "./resource.js";

/**
 * How a pjit argument or result is laid out over a resource axis (validated, then a core-ir
 * Sharding): the zod schema, and (same name) the type of its values. Build values with `shard`.
 *
 * @example
 * ```ts
 * import { shard, ShardingSpec } from "@datajax/transforms";
 * const spec: ShardingSpec = shard.byKey("PULocationID", { axis: "data" });
 * ShardingSpec.safeParse({ kind: "byKey", keys: [] }).success; // false: byKey needs a key column
 * ```
 */
export const ShardingSpec = z.discriminatedUnion("kind", [
  z.object({
    /** Rows hashed on `keys`: equal keys on one rank. */
    kind: z.literal("byKey"),
    /** The key columns (at least one). */
    keys: z.array(z.string().min(1)).min(1, "byKey needs at least one key column"),
    /** The resource axis (default: its only axis, else "data"). */
    axis: z.string().min(1).optional(),
  }),
  z.object({
    /** Contiguous blocks of rows per rank, no key guarantee. */
    kind: z.literal("block"),
    /** The resource axis (default: its only axis, else "data"). */
    axis: z.string().min(1).optional(),
  }),
  z.object({
    /** Every rank holds every row. */
    kind: z.literal("replicated"),
    /** The resource axis (default: its only axis, else "data"). */
    axis: z.string().min(1).optional(),
  }),
]);
export type ShardingSpec = z.infer<typeof ShardingSpec>;

/**
 * The sharding specs: `shard.byKey("PULocationID")` (rows hashed on the keys with core-ir's
 * documented key hash, the same in every backend), `shard.block()` (contiguous blocks, the default
 * for scans), `shard.replicated()` (every rank holds every row). `axis` defaults to "data".
 *
 * @example
 * ```ts
 * import { pjit, Resource, shard, type Frame } from "@datajax/transforms";
 * const joinZones = (trips: Frame, zones: Frame) => trips.join(zones, { leftOn: "PULocationID", rightOn: "LocationID" });
 * const f = pjit(joinZones, {
 *   resource: new Resource({ axes: { data: 4 } }),
 *   inShardings: [shard.byKey("PULocationID"), shard.replicated()],
 *   outShardings: shard.block(),
 * });
 * ```
 */
export const shard = {
  /** Rows hashed on `keys` (one column or several), on `options.axis`. */
  byKey: (keys: string | readonly string[], options: { axis?: string } = {}): ShardingSpec => ({ kind: "byKey", keys: typeof keys === "string" ? [keys] : [...keys], ...(options.axis ? { axis: options.axis } : {}) }),
  /** Contiguous blocks of rows per rank, on `options.axis`. */
  block: (options: { axis?: string } = {}): ShardingSpec => ({ kind: "block", ...(options.axis ? { axis: options.axis } : {}) }),
  /** Every rank holds every row, on `options.axis`. */
  replicated: (options: { axis?: string } = {}): ShardingSpec => ({ kind: "replicated", ...(options.axis ? { axis: options.axis } : {}) }),
};

/**
 * A sharding spec that is malformed or cannot be met, naming the spec, where it was given and the
 * schema in scope (code `DJX_SHARDING_SPEC`).
 *
 * @example
 * ```ts
 * import { field, schema, t } from "@datajax/core-ir";
 * import { resolveShardingSpec, shard, ShardingSpecError } from "@datajax/transforms";
 * const trips = schema([field("PULocationID", t.int32)]);
 * try {
 *   resolveShardingSpec(shard.byKey("PULocationId"), trips, null, "inShardings[0]");
 * } catch (err) {
 *   if (err instanceof ShardingSpecError) console.log(err.message); // '... Did you mean "PULocationID"?'
 * }
 * ```
 */
export class ShardingSpecError extends DataJaxError {
  constructor(where: string, spec: unknown, problem: string, schema?: Schema, hint?: string) {
    super(
      "DJX_SHARDING_SPEC",
      `${where}: sharding spec ${JSON.stringify(spec)} ${problem}` + (schema ? `; schema in scope: ${formatSchema(schema)}` : "") + `.${hint ? ` ${hint}` : ""}`,
    );
  }
}

/**
 * Checks the spec's shape (zod) and returns it typed; a malformed spec throws ShardingSpecError
 * naming `where`.
 *
 * @example
 * ```ts
 * import { parseShardingSpec } from "@datajax/transforms";
 * const fromConfig: unknown = JSON.parse('{"kind":"byKey","keys":["zone"]}');
 * const spec = parseShardingSpec(fromConfig, "config.outShardings"); // { kind: "byKey", keys: ["zone"] }
 * ```
 */
export function parseShardingSpec(spec: unknown, where: string): ShardingSpec {
  const r = ShardingSpec.safeParse(spec);
  if (!r.success) throw new ShardingSpecError(where, spec, `is malformed: ${r.error.issues.map((i) => `${i.path.join(".") || "(spec)"}: ${i.message}`).join("; ")}`, undefined, "Build specs with shard.byKey(cols), shard.block() or shard.replicated().");
  return r.data;
}

/**
 * Checks the spec against the schema it applies to and the resource (null: no resource, any axis),
 * and turns it into a Sharding; a missing key column or axis throws ShardingSpecError.
 *
 * @example
 * ```ts
 * import { field, schema, t } from "@datajax/core-ir";
 * import { Resource, resolveShardingSpec, shard } from "@datajax/transforms";
 * const trips = schema([field("zone", t.int32), field("fare", t.float64)]);
 * const sharding = resolveShardingSpec(shard.byKey("zone"), trips, new Resource({ axes: { data: 4 } }), "inShardings[0]");
 * // { kind: "hash", keys: ["zone"], axis: "data" }
 * ```
 */
export function resolveShardingSpec(spec: ShardingSpec, schema: Schema, resource: Resource | null, where: string): Sharding {
  const axis = spec.axis ?? (resource ? (Object.keys(resource.axes).length === 1 ? Object.keys(resource.axes)[0]! : DEFAULT_AXIS) : DEFAULT_AXIS);
  if (resource && !(axis in resource.axes)) {
    throw new ShardingSpecError(where, spec, `names axis "${axis}", which ${resource} does not have`, undefined, `Use one of its axes: ${Object.keys(resource.axes).join(", ")}.`);
  }
  if (spec.kind === "byKey") {
    for (const k of spec.keys) {
      if (!findField(schema, k)) {
        const close = closestMatch(k, schema.fields.map((f) => f.name));
        throw new ShardingSpecError(where, spec, `names key column "${k}", which is not in the schema`, schema, close ? `Did you mean "${close}"?` : undefined);
      }
    }
    return Sharding.hash(spec.keys, axis);
  }
  return spec.kind === "block" ? Sharding.block(axis) : Sharding.replicated(axis);
}
