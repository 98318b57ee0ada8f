/**
 * How a frame's rows are laid out over the ranks of a resource axis.
 * - `single`: one partition, not distributed (what djit produces);
 * - `replicated`: every rank holds every row;
 * - `block`: each rank holds a contiguous block of rows, no key guarantee;
 * - `hash`: each row lives on rank `partitionOf(hash(keys), ranks)` (see the key hash in key-hash.ts).
 *
 * @example
 * ```ts
 * import { formatSharding, Sharding } from "@datajax/core-ir";
 *
 * const byZone: Sharding = Sharding.hash(["PULocationID"]);
 * byZone.kind === "hash" && byZone.keys; // ["PULocationID"]
 * formatSharding(byZone); // "@hash(PULocationID)"
 * ```
 */
export type Sharding =
  | {
      /** Not distributed. */
      readonly kind: "single";
    }
  | {
      /** Every rank holds every row. */
      readonly kind: "replicated";
      /** The resource axis whose ranks hold the rows. */
      readonly axis: string;
    }
  | {
      /** Contiguous blocks of rows per rank. */
      readonly kind: "block";
      /** The resource axis whose ranks hold the rows. */
      readonly axis: string;
    }
  | {
      /** Rows placed by the hash of their key columns. */
      readonly kind: "hash";
      /** The key columns (at least one), in hash order. */
      readonly keys: readonly string[];
      /** The resource axis whose ranks hold the rows. */
      readonly axis: string;
    };

/**
 * The resource axis a sharding uses when none is named: `"data"`.
 *
 * @example
 * ```ts
 * import { DEFAULT_AXIS, Sharding } from "@datajax/core-ir";
 *
 * const s = Sharding.block(); // { kind: "block", axis: DEFAULT_AXIS }
 * s.kind === "block" && s.axis === DEFAULT_AXIS; // true
 * ```
 */
export const DEFAULT_AXIS = "data";

/**
 * Constructors of shardings; values are frozen. `axis` defaults to DEFAULT_AXIS.
 *
 * @example
 * ```ts
 * import { Sharding } from "@datajax/core-ir";
 *
 * const local = Sharding.single;
 * const everywhere = Sharding.replicated();
 * const byZone = Sharding.hash(["PULocationID"], "data");
 * ```
 */
export const Sharding = {
  /** One partition, not distributed. */
  single: Object.freeze({ kind: "single" }) as Sharding,
  /** Every rank of `axis` holds every row. */
  replicated: (axis = DEFAULT_AXIS): Sharding => Object.freeze({ kind: "replicated", axis }),
  /** Each rank of `axis` holds a contiguous block of rows. */
  block: (axis = DEFAULT_AXIS): Sharding => Object.freeze({ kind: "block", axis }),
  /** Rows placed on the ranks of `axis` by the hash of their `keys` (give at least one). */
  hash: (keys: readonly string[], axis = DEFAULT_AXIS): Sharding => Object.freeze({ kind: "hash", keys: Object.freeze([...keys]), axis }),
};

/**
 * Structural equality: the same kind and axis and, for hash, the same keys in the same order.
 *
 * @example
 * ```ts
 * import { sameSharding, Sharding } from "@datajax/core-ir";
 *
 * sameSharding(Sharding.hash(["a", "b"]), Sharding.hash(["a", "b"])); // true
 * sameSharding(Sharding.hash(["a", "b"]), Sharding.hash(["b", "a"])); // false
 * ```
 */
export function sameSharding(a: Sharding, b: Sharding): boolean {
  if (a.kind !== b.kind) return false;
  if (a.kind === "single" || b.kind === "single") return true;
  if (a.axis !== b.axis) return false;
  if (a.kind === "hash" && b.kind === "hash") return a.keys.length === b.keys.length && a.keys.every((k, i) => k === b.keys[i]);
  return true;
}

/**
 * True when rows equal on `keys` are guaranteed to live on the same rank: always for single and
 * replicated, for hash when its keys are a subset of `keys`, never for block.
 *
 * @example
 * ```ts
 * import { colocates, Sharding } from "@datajax/core-ir";
 *
 * colocates(Sharding.hash(["PULocationID"]), ["PULocationID", "hour"]); // true
 * colocates(Sharding.hash(["PULocationID", "hour"]), ["PULocationID"]); // false
 * colocates(Sharding.block(), ["PULocationID"]); // false
 * ```
 */
export function colocates(s: Sharding, keys: readonly string[]): boolean {
  if (s.kind === "single" || s.kind === "replicated") return true;
  if (s.kind === "hash") return s.keys.length > 0 && s.keys.every((k) => keys.includes(k));
  return false;
}

/**
 * A sharding as printed in plans: `@hash(PULocationID)`, `@block`, `@replicated`; single prints
 * as the empty string. The axis is not printed.
 *
 * @example
 * ```ts
 * import { formatSharding, Sharding } from "@datajax/core-ir";
 *
 * formatSharding(Sharding.hash(["PULocationID", "hour"])); // "@hash(PULocationID, hour)"
 * formatSharding(Sharding.single); // ""
 * ```
 */
export function formatSharding(s: Sharding): string {
  switch (s.kind) {
    case "single":
      return "";
    case "replicated":
      return "@replicated";
    case "block":
      return "@block";
    case "hash":
      return `@hash(${s.keys.join(", ")})`;
  }
}

/**
 * The sharding after columns are renamed: `rename` maps an old key to its new name, or to
 * undefined when the column disappears, which degrades a hash to block.
 *
 * @example
 * ```ts
 * import { formatSharding, renameSharding, Sharding } from "@datajax/core-ir";
 *
 * const s = Sharding.hash(["PULocationID"]);
 * formatSharding(renameSharding(s, (k) => (k === "PULocationID" ? "zone" : k))); // "@hash(zone)"
 * formatSharding(renameSharding(s, () => undefined)); // "@block"
 * ```
 */
export function renameSharding(s: Sharding, rename: (key: string) => string | undefined): Sharding {
  if (s.kind !== "hash") return s;
  const keys = s.keys.map(rename);
  return keys.every((k): k is string => k !== undefined) ? Sharding.hash(keys, s.axis) : Sharding.block(s.axis);
}
