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

/** The per-group states of every aggregate (see StateLayout), grown by doubling as groups appear. */
export class GroupStates {
  private capacity = 0;
  readonly layout: StateLayout;
  /** Group g's numeric states at `g * layout.stride + offset`; replaced when it grows. */
  packed = new Float64Array(0);
  /** `lists[a][x]`: the JS array of an "any" state, null for a numeric one. */
  readonly lists: readonly (readonly (unknown[] | null)[])[];

  constructor(private readonly kinds: readonly (readonly StateKind[])[]) {
    this.layout = stateLayout(kinds);
    this.lists = kinds.map((ks) => ks.map((k) => (k === "any" ? [] : null)));
    this.ensure(64);
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

  /** Aggregate a's states for groups 0..groups-1, one array per state: the form `finish` reads. */
  unpack(a: number, groups: number): unknown[] {
    const { stride, offsets } = this.layout;
    return this.kinds[a]!.map((kind, x) => {
      if (kind === "any") return this.lists[a]![x];
      const out = kind === "f64" ? new Float64Array(groups) : new Uint8Array(groups);
      const packed = this.packed;
      for (let g = 0, o = offsets[a]![x]!; g < groups; g++, o += stride) out[g] = packed[o]!;
      return out;
    });
  }
}
