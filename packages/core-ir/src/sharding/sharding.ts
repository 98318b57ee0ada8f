/**
 * How a frame's rows are laid out over the ranks of a resource axis.
 * - `single`: one partition, not distributed (what djit produces);
 * - `replicated`: every rank holds every row;
 * - `block`: each rank holds a contiguous block of rows, no key guarantee;
 * - `hash`: each row lives on rank `partitionOf(hash(keys), ranks)` (see hash docs in planner/runtime).
 */
export type Sharding =
  | { readonly kind: "single" }
  | { readonly kind: "replicated"; readonly axis: string }
  | { readonly kind: "block"; readonly axis: string }
  | { readonly kind: "hash"; readonly keys: readonly string[]; readonly axis: string };

export const DEFAULT_AXIS = "data";

export const Sharding = {
  single: Object.freeze({ kind: "single" }) as Sharding,
  replicated: (axis = DEFAULT_AXIS): Sharding => Object.freeze({ kind: "replicated", axis }),
  block: (axis = DEFAULT_AXIS): Sharding => Object.freeze({ kind: "block", axis }),
  hash: (keys: readonly string[], axis = DEFAULT_AXIS): Sharding => Object.freeze({ kind: "hash", keys: Object.freeze([...keys]), axis }),
};

export function sameSharding(a: Sharding, b: Sharding): boolean {
  if (a.kind !== b.kind) return false;
  if (a.kind === "single" || b.kind === "single") return true;
  if (a.axis !== b.axis) return false;
  if (a.kind === "hash" && b.kind === "hash") return a.keys.length === b.keys.length && a.keys.every((k, i) => k === b.keys[i]);
  return true;
}

/** True when rows equal on `keys` are guaranteed to live on the same rank. */
export function colocates(s: Sharding, keys: readonly string[]): boolean {
  if (s.kind === "single" || s.kind === "replicated") return true;
  if (s.kind === "hash") return s.keys.length > 0 && s.keys.every((k) => keys.includes(k));
  return false;
}

/** `@hash(PULocationID)`, `@block`, `@replicated`; single prints as the empty string. */
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

/** The sharding after columns are renamed (old → new); a hash key that disappears degrades to block. */
export function renameSharding(s: Sharding, rename: (key: string) => string | undefined): Sharding {
  if (s.kind !== "hash") return s;
  const keys = s.keys.map(rename);
  return keys.every((k): k is string => k !== undefined) ? Sharding.hash(keys, s.axis) : Sharding.block(s.axis);
}
