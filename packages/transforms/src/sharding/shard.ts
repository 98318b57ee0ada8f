import * as z from "zod";
import { DataJaxError, DEFAULT_AXIS, findField, formatSchema, Sharding, closestMatch, type Schema } from "@datajax/core-ir";
import type { Resource } from "./resource.js";

/** How a pjit argument or result is laid out over a resource axis (validated, then a core-ir Sharding). */
export const ShardingSpec = z.discriminatedUnion("kind", [
  z.object({ kind: z.literal("byKey"), keys: z.array(z.string().min(1)).min(1, "byKey needs at least one key column"), axis: z.string().min(1).optional() }),
  z.object({ kind: z.literal("block"), axis: z.string().min(1).optional() }),
  z.object({ kind: z.literal("replicated"), axis: z.string().min(1).optional() }),
]);
export type ShardingSpec = z.infer<typeof ShardingSpec>;

/**
 * The sharding specs: `shard.byKey("PULocationID")` (rows hashed on the keys with core-ir's
 * documented key hash, the same in every backend), `shard.block()` (contiguous blocks, the default
 * for scans), `shard.replicated()` (every rank holds every row). `axis` defaults to "data".
 */
export const shard = {
  byKey: (keys: string | readonly string[], options: { axis?: string } = {}): ShardingSpec => ({ kind: "byKey", keys: typeof keys === "string" ? [keys] : [...keys], ...(options.axis ? { axis: options.axis } : {}) }),
  block: (options: { axis?: string } = {}): ShardingSpec => ({ kind: "block", ...(options.axis ? { axis: options.axis } : {}) }),
  replicated: (options: { axis?: string } = {}): ShardingSpec => ({ kind: "replicated", ...(options.axis ? { axis: options.axis } : {}) }),
};

/** A sharding spec that is malformed or cannot be met, naming the spec, where it was given and the schema in scope. */
export class ShardingSpecError extends DataJaxError {
  constructor(where: string, spec: unknown, problem: string, schema?: Schema, hint?: string) {
    super(
      "DJX_SHARDING_SPEC",
      `${where}: sharding spec ${JSON.stringify(spec)} ${problem}` + (schema ? `; schema in scope: ${formatSchema(schema)}` : "") + `.${hint ? ` ${hint}` : ""}`,
    );
  }
}

/** Checks the spec's shape (zod). */
export function parseShardingSpec(spec: unknown, where: string): ShardingSpec {
  const r = ShardingSpec.safeParse(spec);
  if (!r.success) throw new ShardingSpecError(where, spec, `is malformed: ${r.error.issues.map((i) => `${i.path.join(".") || "(spec)"}: ${i.message}`).join("; ")}`, undefined, "Build specs with shard.byKey(cols), shard.block() or shard.replicated().");
  return r.data;
}

/** Checks the spec against the schema it applies to and the resource, and turns it into a Sharding. */
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
