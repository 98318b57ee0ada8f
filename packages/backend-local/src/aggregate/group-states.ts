import type { StateKind } from "./aggregate-kernels.js";

/**
 * Where each aggregate state lives. Every numeric state ("f64" and "u8" kinds, flags as 0/1) of
 * every aggregate has an array of doubles indexed by record; `offsets[a][x]` is the array of state
 * x of aggregate a (0 .. `width` - 1), or -1 for an "any" state (strings, sets), which keeps a JS
 * array of its own. One array per state, not one record of `width` doubles per group: bound to a
 * kernel as constants (see GroupStates.bound), every state of a row's group shares one index, and
 * V8 checks it once (Q2's loop in a microbenchmark, both bound: about 15% faster than records).
 */
export interface StateLayout {
  readonly width: number;
  readonly offsets: readonly (readonly number[])[];
}

/** The layout of these aggregates' states (the same kinds always give the same layout). */
export function stateLayout(kinds: readonly (readonly StateKind[])[]): StateLayout {
  let next = 0;
  const offsets = kinds.map((ks) => ks.map((k) => (k === "any" ? -1 : next++)));
  return { width: next, offsets };
}

/**
 * Where each group's record is: `records[g]`, or g itself where `records` is null. The fused
 * aggregate loop places a group at its dense key slot (so a row's record follows from its key,
 * with no slot → group lookup in between); elsewhere records are by group id.
 */
export type Placement = Int32Array | null;

/** The placement by dense slot: group g's record is the slot that holds g (-1: no slot holds it). */
export function placementBySlot(slots: Int32Array, groups: number): Int32Array {
  const records = new Int32Array(groups).fill(-1);
  for (let s = 0; s < slots.length; s++) {
    const g = slots[s]!;
    if (g >= 0) records[g] = s;
  }
  return records;
}

/** The most doubles of GroupStates that kernels bind to (8 MiB; see GroupStates.bindable). */
export const BOUND_STATE_DOUBLES = 1 << 20;

/** The per-group states of every aggregate (see StateLayout): a record (one index into every state array) per group, grown by doubling. */
export class GroupStates {
  private capacity = 0;
  readonly layout: StateLayout;
  /** `arrays[k][r]`: numeric state k of record r; the list is replaced (new arrays) when it grows. */
  arrays: readonly Float64Array[] = [];
  /** `lists[a][x]`: the JS array of an "any" state (indexed by record), null for a numeric one. */
  lists: readonly (readonly (unknown[] | null)[])[];
  /** The dense slots the records follow (placementBySlot), or null: records by group id. */
  private placedBy: Int32Array | null = null;
  /** Kernels bound to these states (see bound), by kernel key, with the values they were bound to. */
  private readonly boundKernels = new Map<string, { readonly values: readonly unknown[]; readonly kernel: unknown }>();

  constructor(private readonly kinds: readonly (readonly StateKind[])[]) {
    this.layout = stateLayout(kinds);
    this.lists = kinds.map((ks) => ks.map((k) => (k === "any" ? [] : null)));
    this.ensure(64);
  }

  /** Doubles held: the records' room times the numeric states. */
  get size(): number {
    return this.capacity * this.layout.width;
  }

  /**
   * Whether kernels bind to these states (see bound). Larger states (a hash aggregation of many
   * groups, grown by doubling) would compile a new copy at every growth: their kernels read the
   * arrays from the states instead.
   */
  get bindable(): boolean {
    return this.size <= BOUND_STATE_DOUBLES;
  }

  /**
   * Back to no groups for another run, keeping the arrays (zeroed) and so the kernels bound to
   * them: a pooled GroupStates runs warm kernels from its second run on.
   */
  reset(): void {
    for (const a of this.arrays) a.fill(0);
    this.lists = this.lists.map((ls) => ls.map((l) => (l === null ? null : [])));
    this.placedBy = null;
  }

  /**
   * The kernel under `key` bound to `values` (the state arrays and whatever else it takes as
   * constants, see boundKernel): made by `bind()` the first time, and again only when one of the
   * values changed (the arrays grew, the key table re-indexed).
   */
  bound<F>(key: string, values: readonly unknown[], bind: () => F): F {
    const hit = this.boundKernels.get(key);
    if (hit && hit.values.length === values.length && hit.values.every((v, i) => v === values[i])) return hit.kernel as F;
    const kernel = bind();
    this.boundKernels.set(key, { values, kernel });
    return kernel;
  }

  ensure(groups: number): void {
    if (groups <= this.capacity) return;
    let cap = Math.max(64, this.capacity);
    while (cap < groups) cap *= 2;
    this.arrays = Array.from({ length: this.layout.width }, (_v, k) => {
      const next = new Float64Array(cap);
      if (this.arrays[k]) next.set(this.arrays[k]!);
      return next;
    });
    this.capacity = cap;
  }

  /**
   * Places the records of groups 0..groups-1 at their slot in `slots` (null: at their group id),
   * with room for `records` records; where they followed other slots, they move. A group the old
   * placement does not hold (created since) starts empty.
   */
  placeBy(slots: Int32Array | null, groups: number, records: number): void {
    if (slots === this.placedBy) return;
    const from = this.placement(groups);
    this.placedBy = slots;
    this.move(from, this.placement(groups), groups, records);
  }

  /** Where groups 0..groups-1 have their records now. */
  placement(groups: number): Placement {
    return this.placedBy === null ? null : placementBySlot(this.placedBy, groups);
  }

  /** Moves the records; in place (the same arrays, so the kernels bound to them stay valid) where they fit. */
  private move(from: Placement, to: Placement, groups: number, records: number): void {
    let cap = Math.max(64, this.capacity);
    while (cap < Math.max(records, groups)) cap *= 2;
    const inPlace = cap === this.capacity;
    const arrays = this.arrays.map((a) => {
      const source = inPlace ? a.slice() : a;
      const target = inPlace ? a.fill(0) : new Float64Array(cap);
      for (let g = 0; g < groups; g++) {
        const src = from === null ? g : from[g]!;
        // A record past the old room belongs to a group created since: it starts empty.
        if (src >= 0 && src < source.length) target[to === null ? g : to[g]!] = source[src]!;
      }
      return target;
    });
    const lists = this.lists.map((ls) => ls.map((l) => (l === null ? null : ([] as unknown[]))));
    for (let g = 0; g < groups; g++) {
      const src = from === null ? g : from[g]!;
      const dst = to === null ? g : to[g]!;
      if (src >= 0) lists.forEach((ls, a) => ls.forEach((l, x) => { if (l !== null) l[dst] = this.lists[a]![x]![src]; }));
    }
    if (!inPlace) this.arrays = arrays;
    this.lists = lists;
    this.capacity = cap;
  }

  /** Aggregate a's states for groups 0..groups-1 in group order, one array per state: the form `finish` reads. */
  unpack(a: number, groups: number): unknown[] {
    const { offsets } = this.layout;
    const placement = this.placement(groups);
    const record = (g: number) => (placement === null ? g : placement[g]!);
    return this.kinds[a]!.map((kind, x) => {
      if (kind === "any") {
        const list = this.lists[a]![x]!;
        return Array.from({ length: groups }, (_v, g) => list[record(g)]);
      }
      const out = kind === "f64" ? new Float64Array(groups) : new Uint8Array(groups);
      const values = this.arrays[offsets[a]![x]!]!;
      for (let g = 0; g < groups; g++) out[g] = values[record(g)]!;
      return out;
    });
  }
}
