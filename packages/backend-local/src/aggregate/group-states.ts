import type { StateKind } from "./aggregate-kernels.js";

/**
 * Where each aggregate state lives. Every numeric state ("f64" and "u8" kinds, flags as 0/1) of
 * every aggregate sits in one record of `stride` doubles per group, so a row's updates touch one
 * cache line, not one per state array; `offsets[a][x]` is state x of aggregate a in that record,
 * or -1 for an "any" state (strings, sets), which keeps a JS array of its own.
 */
export interface StateLayout {
  readonly stride: number;
  readonly offsets: readonly (readonly number[])[];
}

/** The record layout of these aggregates' states (the same kinds always give the same layout). */
export function stateLayout(kinds: readonly (readonly StateKind[])[]): StateLayout {
  let next = 0;
  const offsets = kinds.map((ks) => ks.map((k) => (k === "any" ? -1 : next++)));
  return { stride: next, offsets };
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

/** The per-group states of every aggregate (see StateLayout), one record per group, grown by doubling. */
export class GroupStates {
  private capacity = 0;
  readonly layout: StateLayout;
  /** Record r's numeric states at `r * layout.stride + offset`; replaced when it grows or moves. */
  packed = new Float64Array(0);
  /** `lists[a][x]`: the JS array of an "any" state (indexed by record), null for a numeric one. */
  lists: readonly (readonly (unknown[] | null)[])[];
  /** The dense slots the records follow (placementBySlot), or null: records by group id. */
  private placedBy: Int32Array | null = null;
  /** Kernels bound to `packed` (see bound), by kernel key. */
  private readonly boundKernels = new Map<string, { readonly records: Float64Array; readonly kernel: unknown }>();

  constructor(private readonly kinds: readonly (readonly StateKind[])[]) {
    this.layout = stateLayout(kinds);
    this.lists = kinds.map((ks) => ks.map((k) => (k === "any" ? [] : null)));
    this.ensure(64);
  }

  /**
   * Back to no groups for another run, keeping the record array (zeroed) and so the kernels bound
   * to it: a pooled GroupStates runs warm kernels from its second run on.
   */
  reset(): void {
    this.packed.fill(0);
    this.lists = this.lists.map((ls) => ls.map((l) => (l === null ? null : [])));
    this.placedBy = null;
  }

  /**
   * The kernel under `key` bound to the current record array: made by `bind(packed)` (see
   * boundKernel) the first time, and again only after the array was replaced (it grew).
   */
  bound<F>(key: string, bind: (records: Float64Array) => F): F {
    const hit = this.boundKernels.get(key);
    if (hit && hit.records === this.packed) return hit.kernel as F;
    const kernel = bind(this.packed);
    this.boundKernels.set(key, { records: this.packed, kernel });
    return kernel;
  }

  ensure(groups: number): void {
    if (groups <= this.capacity) return;
    let cap = Math.max(64, this.capacity);
    while (cap < groups) cap *= 2;
    const next = new Float64Array(cap * this.layout.stride);
    next.set(this.packed);
    this.packed = next;
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

  /** Moves the records; in place (the same array, so its bound kernels stay valid) where they fit. */
  private move(from: Placement, to: Placement, groups: number, records: number): void {
    const { stride } = this.layout;
    let cap = Math.max(64, this.capacity);
    while (cap < Math.max(records, groups)) cap *= 2;
    const source = cap === this.capacity ? this.packed.slice() : this.packed;
    const packed = cap === this.capacity ? this.packed.fill(0) : new Float64Array(cap * stride);
    const lists = this.lists.map((ls) => ls.map((l) => (l === null ? null : ([] as unknown[]))));
    for (let g = 0; g < groups; g++) {
      const src = from === null ? g : from[g]!;
      const dst = to === null ? g : to[g]!;
      if (src < 0) continue;
      packed.set(source.subarray(src * stride, src * stride + stride), dst * stride);
      lists.forEach((ls, a) => ls.forEach((l, x) => { if (l !== null) l[dst] = this.lists[a]![x]![src]; }));
    }
    this.packed = packed;
    this.lists = lists;
    this.capacity = cap;
  }

  /** Aggregate a's states for groups 0..groups-1 in group order, one array per state: the form `finish` reads. */
  unpack(a: number, groups: number): unknown[] {
    const { stride, offsets } = this.layout;
    const placement = this.placement(groups);
    const record = (g: number) => (placement === null ? g : placement[g]!);
    return this.kinds[a]!.map((kind, x) => {
      if (kind === "any") {
        const list = this.lists[a]![x]!;
        return Array.from({ length: groups }, (_v, g) => list[record(g)]);
      }
      const out = kind === "f64" ? new Float64Array(groups) : new Uint8Array(groups);
      const packed = this.packed;
      const off = offsets[a]![x]!;
      for (let g = 0; g < groups; g++) out[g] = packed[record(g) * stride + off]!;
      return out;
    });
  }
}
