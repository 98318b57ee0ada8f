/**
 * Draws keys 1..`keys` with a Zipf-like distribution (P(k) ∝ 1 / k^exponent) from a seeded
 * mulberry32 stream: the same seed gives the same keys on every platform. Sampling inverts a
 * cumulative table by binary search (no per-row allocation).
 */
export class ZipfKeySampler {
  private readonly cumulative: Float64Array;
  private state: number;

  constructor(readonly keys: number, readonly exponent: number, seed: number) {
    if (!Number.isSafeInteger(keys) || keys <= 0) throw new RangeError(`ZipfKeySampler: keys must be a positive integer, got ${keys}`);
    this.cumulative = new Float64Array(keys);
    let total = 0;
    for (let k = 1; k <= keys; k++) {
      total += 1 / k ** exponent;
      this.cumulative[k - 1] = total;
    }
    for (let k = 0; k < keys; k++) this.cumulative[k]! /= total;
    this.state = seed >>> 0;
  }

  /** A uniform float in [0, 1) (mulberry32). */
  uniform(): number {
    this.state = (this.state + 0x6d2b79f5) | 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  }

  /** The next key, in 1..keys. */
  next(): number {
    const u = this.uniform();
    const c = this.cumulative;
    let lo = 0;
    let hi = c.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (c[mid]! > u) hi = mid;
      else lo = mid + 1;
    }
    return lo + 1;
  }
}
