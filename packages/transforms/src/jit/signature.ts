import { Table } from "apache-arrow";
import { formatSharding, fromArrowSchema, isDataSource, Sharding, type DataSource, type Schema } from "@datajax/core-ir";
import { tableSource } from "@datajax/runtime";

/**
 * The abstract value of one argument: what tracing sees of it (a data argument's schema and
 * sharding, a static argument's canonical JSON), and its part of the cache key.
 *
 * @example
 * ```ts
 * import { field, schema, Sharding, t } from "@datajax/core-ir";
 * import type { ArgSignature } from "@datajax/transforms";
 * const staticN: ArgSignature = { kind: "static", value: "10", key: "s10" };
 * const trips: ArgSignature = { kind: "data", schema: schema([field("fare", t.float64)]), sharding: Sharding.single, key: "d..." };
 * ```
 */
export type ArgSignature =
  | {
      /** A data argument (a Frame in the traced function). */
      readonly kind: "data";
      /** The data's schema. */
      readonly schema: Schema;
      /** How the data is laid out over ranks. */
      readonly sharding: Sharding;
      /** This argument's part of the cache key. */
      readonly key: string;
    }
  | {
      /** A static argument, passed to the function as it is. */
      readonly kind: "static";
      /** Its canonical JSON (object identity for functions and class instances). */
      readonly value: string;
      /** This argument's part of the cache key. */
      readonly key: string;
    };

/**
 * Everything a compiled plan depends on: each argument's abstract value and the backend id. Two
 * calls with equal `key`s share one compiled plan (see `jitted.explainCacheMiss`).
 *
 * @example
 * ```ts
 * import type { Signature } from "@datajax/transforms";
 * const signature: Signature = { args: [{ kind: "static", value: "10", key: "s10" }], backend: "local", key: "local\u0001s10" };
 * signature.args.length; // 1
 * ```
 */
export interface Signature {
  /** The abstract value of each argument, by position. */
  readonly args: readonly ArgSignature[];
  /** The id of the backend the plan is compiled for. */
  readonly backend: string;
  /** The cache key: the backend id and every argument's key. */
  readonly key: string;
}

/** A data argument: its signature and the DataSource its Scan reads at run time. */
export interface DataArgument {
  readonly signature: ArgSignature & { kind: "data" };
  readonly source: DataSource;
}

/**
 * Signatures of Tables and DataSources, computed once per object: Arrow tables and sources are
 * immutable, so the cache-hit path of a jitted call is a WeakMap lookup per argument.
 */
const dataArguments = new WeakMap<object, DataArgument>();

/** The data argument for a Table or DataSource (cached per object); undefined for any other value. */
export function dataArgument(x: unknown, name: string): DataArgument | undefined {
  if (typeof x !== "object" || x === null) return undefined;
  const known = dataArguments.get(x);
  if (known) return known;
  let source: DataSource;
  let schema: Schema;
  if (x instanceof Table) {
    schema = fromArrowSchema(x.schema);
    source = tableSource(x, name);
  } else if (isDataSource(x)) {
    schema = x.schema;
    source = x;
  } else {
    return undefined;
  }
  const declared = (x as { sharding?: unknown }).sharding;
  const sharding = isSharding(declared) ? declared : Sharding.single;
  const arg: DataArgument = { signature: dataSignature(schema, sharding), source };
  dataArguments.set(x, arg);
  return arg;
}

/** The abstract value of a data argument: its schema and sharding. */
export function dataSignature(schema: Schema, sharding: Sharding): ArgSignature & { kind: "data" } {
  return Object.freeze({ kind: "data", schema, sharding, key: `d${schemaKey(schema)}${formatSharding(sharding)}` });
}

/** A static argument's abstract value: its canonical JSON (object identity for functions and class instances). */
export function staticSignature(value: unknown): ArgSignature & { kind: "static" } {
  const text = stableJson(value);
  return { kind: "static", value: text, key: `s${text}` };
}

export function signatureKey(args: readonly ArgSignature[], backend: string): string {
  let key = backend;
  for (const a of args) key += "\u0001" + a.key;
  return key;
}

/** Unambiguous text of a schema: names, types and nullability. */
export function schemaKey(s: Schema): string {
  return JSON.stringify(s.fields.map((f) => [f.name, f.type, f.nullable]));
}

function isSharding(x: unknown): x is Sharding {
  const k = (x as { kind?: unknown } | undefined)?.kind;
  return k === "single" || k === "replicated" || k === "block" || k === "hash";
}

const identities = new WeakMap<object, number>();
let nextIdentity = 0;

/** JSON with sorted keys; bigint, undefined, NaN, Date, Map and Set spelled out; other objects by identity. */
export function stableJson(value: unknown): string {
  switch (typeof value) {
    case "string":
      return JSON.stringify(value);
    case "number":
      return Number.isFinite(value) ? (Object.is(value, -0) ? "-0" : String(value)) : String(value);
    case "bigint":
      return `${value}n`;
    case "boolean":
      return String(value);
    case "undefined":
      return "undefined";
    case "symbol":
      return value.toString();
    case "function":
      return `<function ${value.name || "anonymous"} #${identity(value)}>`;
  }
  if (value === null) return "null";
  if (Array.isArray(value)) return `[${value.map(stableJson).join(",")}]`;
  if (value instanceof Date) return `Date(${value.toISOString()})`;
  if (value instanceof Map) return `Map(${stableJson([...value.entries()])})`;
  if (value instanceof Set) return `Set(${stableJson([...value])})`;
  const proto = Object.getPrototypeOf(value);
  if (proto === Object.prototype || proto === null) {
    const obj = value as Record<string, unknown>;
    return `{${Object.keys(obj).sort().map((k) => `${JSON.stringify(k)}:${stableJson(obj[k])}`).join(",")}}`;
  }
  return `<${(value as object).constructor?.name ?? "object"} #${identity(value as object)}>`;
}

function identity(o: object): number {
  let id = identities.get(o);
  if (id === undefined) {
    id = ++nextIdentity;
    identities.set(o, id);
  }
  return id;
}
