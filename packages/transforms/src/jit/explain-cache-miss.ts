import { formatSharding, formatType, sameSharding, type Field, type Schema, type Sharding } from "@datajax/core-ir";
import type { ArgSignature, Signature } from "./signature.js";

/**
 * One sentence: whether `wanted` hits the cache and, if not, how it differs from the nearest
 * cached signature (the one with the fewest differing parts), old → new:
 * `cache miss for featurize: argument 0 (trips) schema differs: fare_amount float64 → int64 (nearest of 1 cached signature).`
 */
export function explainCacheMiss(functionName: string, wanted: Signature, cached: readonly Signature[], names: readonly string[]): string {
  if (cached.some((c) => c.key === wanted.key)) {
    return `cache hit for ${functionName}: a plan compiled for this signature (${describeSignature(wanted, names)}) is cached.`;
  }
  if (cached.length === 0) {
    return `cache miss for ${functionName}: nothing is compiled yet; the first call traces, optimizes, plans and compiles for ${describeSignature(wanted, names)}.`;
  }
  let best: string[] | undefined;
  for (const c of cached) {
    const d = differences(c, wanted, names);
    if (!best || d.length < best.length) best = d;
  }
  const n = cached.length;
  return `cache miss for ${functionName}: ${best!.join("; ")} (compared with the nearest of ${n} cached signature${n === 1 ? "" : "s"}).`;
}

function label(i: number, names: readonly string[]): string {
  return `argument ${i} (${names[i] ?? `arg${i}`})`;
}

function describeSignature(s: Signature, names: readonly string[]): string {
  const args = s.args.map((a, i) => (a.kind === "static" ? `${label(i, names)} static ${a.value}` : `${label(i, names)} ${describeData(a.schema, a.sharding)}`));
  return [...args, `backend ${s.backend}`].join(", ");
}

function describeData(schema: Schema, sharding: Sharding): string {
  const fields = schema.fields.map((f) => `${f.name}:${formatType(f.type)}${f.nullable ? "?" : ""}`).join(", ");
  const sh = formatSharding(sharding);
  return `{${fields}}${sh ? ` ${sh}` : ""}`;
}

/** What differs from `old` (cached) to `now` (wanted), one phrase per part. */
function differences(old: Signature, now: Signature, names: readonly string[]): string[] {
  const out: string[] = [];
  if (old.backend !== now.backend) out.push(`backend differs: ${old.backend} → ${now.backend}`);
  if (old.args.length !== now.args.length) out.push(`number of arguments differs: ${old.args.length} → ${now.args.length}`);
  const n = Math.min(old.args.length, now.args.length);
  for (let i = 0; i < n; i++) out.push(...argumentDifferences(old.args[i]!, now.args[i]!, label(i, names)));
  return out;
}

function argumentDifferences(old: ArgSignature, now: ArgSignature, what: string): string[] {
  if (old.key === now.key) return [];
  if (old.kind !== now.kind) return [`${what} was ${old.kind === "static" ? "static" : "data"} and is now ${now.kind === "static" ? "static" : "data"}`];
  if (old.kind === "static" && now.kind === "static") return [`static ${what} differs: ${old.value} → ${now.value}`];
  if (old.kind !== "data" || now.kind !== "data") return [];
  const out: string[] = [];
  const schema = schemaDifferences(old.schema, now.schema);
  if (schema.length > 0) out.push(`${what} schema differs: ${schema.join(", ")}`);
  if (!sameSharding(old.sharding, now.sharding)) {
    out.push(`${what} sharding differs: ${formatSharding(old.sharding) || "single"} → ${formatSharding(now.sharding) || "single"}`);
  }
  return out;
}

function schemaDifferences(old: Schema, now: Schema): string[] {
  const out: string[] = [];
  const before = new Map<string, Field>(old.fields.map((f) => [f.name, f]));
  const after = new Map<string, Field>(now.fields.map((f) => [f.name, f]));
  for (const f of now.fields) {
    const g = before.get(f.name);
    if (!g) {
      out.push(`new column ${f.name}:${formatType(f.type)}`);
      continue;
    }
    if (formatType(g.type) !== formatType(f.type)) out.push(`${f.name} ${formatType(g.type)} → ${formatType(f.type)}`);
    if (g.nullable !== f.nullable) out.push(`${f.name} ${g.nullable ? "nullable" : "non-null"} → ${f.nullable ? "nullable" : "non-null"}`);
  }
  for (const g of old.fields) if (!after.has(g.name)) out.push(`column ${g.name} is gone`);
  if (out.length === 0) {
    out.push(`column order [${old.fields.map((f) => f.name).join(", ")}] → [${now.fields.map((f) => f.name).join(", ")}]`);
  }
  return out;
}
