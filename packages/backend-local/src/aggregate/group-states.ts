import type { StateKind } from "./aggregate-kernels.js";

/** The per-group state arrays of every aggregate, grown by doubling as groups appear. */
export class GroupStates {
  private capacity = 0;
  readonly arrays: unknown[][];

  constructor(private readonly kinds: readonly (readonly StateKind[])[]) {
    this.arrays = kinds.map((ks) => ks.map(() => null));
    this.ensure(64);
  }

  ensure(groups: number): void {
    if (groups <= this.capacity) return;
    let cap = Math.max(64, this.capacity);
    while (cap < groups) cap *= 2;
    this.kinds.forEach((ks, a) =>
      ks.forEach((kind, x) => {
        const old = this.arrays[a]![x];
        if (kind === "any") { this.arrays[a]![x] = old ?? []; return; }
        const next = kind === "f64" ? new Float64Array(cap) : new Uint8Array(cap);
        if (old) next.set(old as Float64Array & Uint8Array);
        this.arrays[a]![x] = next;
      }),
    );
    this.capacity = cap;
  }
}
