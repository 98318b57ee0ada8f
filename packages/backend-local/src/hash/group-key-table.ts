import { combineHash, hashNumber, NULL_HASH, type DataType } from "@datajax/core-ir";
import { makeColumn, type Column } from "../columns/column.js";
import { columnFromValues } from "../columns/column-from-values.js";
import { isIntegralKey, keyReader, type KeyReader } from "./key-readers.js";
import { hashKeyRows } from "./row-hashes.js";

/** Start dense when the first batch's key range is at most this; stay dense up to DENSE_MAX. */
const DENSE_START = 1 << 18;
const DENSE_MAX = 1 << 22;

class NumberKeys {
  vals = new Float64Array(64);
  nulls = new Uint8Array(64);
  grow(cap: number): void {
    const v = new Float64Array(cap); v.set(this.vals); this.vals = v;
    const n = new Uint8Array(cap); n.set(this.nulls); this.nulls = n;
  }
}

class StringKeys {
  bytes = new Uint8Array(1024);
  offsets = new Int32Array(65);
  nulls = new Uint8Array(64);
  size = 0;
  grow(cap: number): void {
    const o = new Int32Array(cap + 1); o.set(this.offsets); this.offsets = o;
    const n = new Uint8Array(cap); n.set(this.nulls); this.nulls = n;
  }
  push(g: number, src: Uint8Array, s: number, e: number): void {
    const at = this.offsets[g]!;
    if (at + (e - s) > this.bytes.length) {
      const b = new Uint8Array(Math.max(this.bytes.length * 2, at + e - s)); b.set(this.bytes); this.bytes = b;
    }
    for (let p = s; p < e; p++) this.bytes[at + p - s] = src[p]!;
    this.offsets[g + 1] = at + e - s;
  }
}

type KeyStore = NumberKeys | StringKeys;

/** The validity bitmap of one null row. */
const NULL_ROW = new Uint8Array(1);

const isNullAt = (v: Uint8Array | null, i: number): boolean => v !== null && ((v[i >> 3]! >> (i & 7)) & 1) === 0;

type NumberReader = Extract<KeyReader, { kind: "number" }>;

/**
 * The dense index as generated code reads it: the slot of a key tuple is Σ x_c · stride_c with
 * x_c = 0 for a null and value − lows[c] + 1 otherwise (strides: products of the sizes before c).
 */
export interface DenseKeyIndex {
  readonly slots: Int32Array;
  readonly lows: readonly number[];
  readonly sizes: readonly number[];
}

/**
 * Assigns dense group ids (0, 1, 2... in first-seen order) to key tuples, on typed arrays.
 * Integral keys whose value ranges are small use an array indexed by the tuple's position in the
 * product of the ranges (slot 0 of each key is its null; the ranges are learned with a min/max
 * pass per batch and grown on demand); anything else uses open addressing over the groups'
 * hashes, comparing stored keys column by column. Used for hash aggregation (null keys form a
 * group) and for hash-join builds and probes (null keys never match).
 */
export class GroupKeyTable {
  groupCount = 0;
  private capacity = 64;
  private stores: KeyStore[] = [];
  private mode: "undecided" | "dense" | "hash" = "hash";
  /** Dense mode: per key, its smallest value and its slot count (values lo..lo+size-2, plus null). */
  private lows: number[] = [];
  private sizes: number[] = [];
  private denseSlots: Int32Array | null = null;
  /** A previous run's dense slots (see reset), reused by an index of the same size. */
  private spareSlots: Int32Array | null = null;
  private composite = new Int32Array(0);
  private slots = new Int32Array(0);
  private mask = 0;
  private groupHashes = new Uint32Array(64);
  private hashBuffer = new Uint32Array(0);

  constructor(readonly keyTypes: readonly DataType[]) {
    this.reset();
  }

  /**
   * Empty: as constructed, or again for another run (an Aggregate pools its tables). The key columns handed out
   * before stay valid (new stores). The dense slots are kept for an index of the same size, so a
   * kernel bound to them (GroupStates.bound) stays valid when the next run's keys span the same ranges.
   */
  reset(): void {
    this.spareSlots = this.denseSlots ?? this.spareSlots;
    this.groupCount = 0;
    this.capacity = 64;
    this.stores = this.keyTypes.map((t) => (t.id === "utf8" ? new StringKeys() : new NumberKeys()));
    this.mode = this.keyTypes.length > 0 && this.keyTypes.every((t) => isIntegralKey(t.id)) ? "undecided" : "hash";
    this.lows = [];
    this.sizes = [];
    this.denseSlots = null;
    this.composite = new Int32Array(0);
    this.groupHashes = new Uint32Array(64);
    this.hashBuffer = new Uint32Array(0);
    this.slots = new Int32Array(0);
    this.mask = 0;
    if (this.mode === "hash") this.initHash(1024);
  }

  /** The dense index, when the table is in dense mode. */
  denseIndex(): DenseKeyIndex | null {
    return this.mode === "dense" && this.denseSlots ? { slots: this.denseSlots, lows: this.lows, sizes: this.sizes } : null;
  }

  /** Adds the group of a key tuple (values and null flags) at dense `slot`; returns its id. */
  addDenseGroup(slot: number, values: readonly number[], nulls: readonly boolean[]): number {
    const readers: NumberReader[] = values.map((v, c) => ({ kind: "number", nums: [v], validity: nulls[c] ? NULL_ROW : null }));
    const g = this.newGroup(readers, 0, this.hashRow(readers, 0));
    this.denseSlots![slot] = g;
    return g;
  }

  /** Group ids of `n` rows, inserting new groups. With `nullsMatch` false, rows with a null key get -1. */
  assign(keys: readonly Column[], n: number, nullsMatch = true): Int32Array {
    const readers = keys.map(keyReader);
    const out = new Int32Array(n);
    if (this.mode !== "hash" && allNumbers(readers) && this.assignDense(readers, n, out, nullsMatch, true)) return out;
    this.assignHashed(readers, n, out, nullsMatch, true);
    return out;
  }

  /** Group ids of `n` rows without inserting: -1 for keys not in the table and for null keys. */
  lookup(keys: readonly Column[], n: number): Int32Array {
    const readers = keys.map(keyReader);
    const out = new Int32Array(n);
    if (this.mode === "dense" && allNumbers(readers)) this.assignDense(readers, n, out, false, false);
    else if (this.mode === "undecided") out.fill(-1);
    else this.assignHashed(readers, n, out, false, false);
    return out;
  }

  /** The key columns of all groups, in group-id order. */
  keyColumns(): Column[] {
    const G = this.groupCount;
    return this.stores.map((s, c) => {
      const type = this.keyTypes[c]!;
      const valid = new Uint8Array(G);
      for (let g = 0; g < G; g++) valid[g] = s.nulls[g] ? 0 : 1;
      if (s instanceof StringKeys) {
        return makeColumn({ type: { id: "utf8", dictionary: false }, length: G, values: s.bytes.subarray(0, s.offsets[G]), offsets: s.offsets.subarray(0, G + 1), validity: validityOf(valid, G) });
      }
      return columnFromValues(type, s.vals.subarray(0, G), valid, G);
    });
  }

  private newGroup(readers: readonly KeyReader[], i: number, h: number): number {
    const g = this.groupCount++;
    if (g >= this.capacity) {
      this.capacity *= 2;
      for (const s of this.stores) s.grow(this.capacity);
      const gh = new Uint32Array(this.capacity); gh.set(this.groupHashes); this.groupHashes = gh;
    }
    this.groupHashes[g] = h;
    for (let c = 0; c < readers.length; c++) {
      const r = readers[c]!;
      const s = this.stores[c]!;
      const isNull = isNullAt(r.validity, i);
      s.nulls[g] = isNull ? 1 : 0;
      if (r.kind === "number") (s as NumberKeys).vals[g] = isNull ? 0 : r.nums[i]!;
      else {
        const e = r.indices ? r.indices[i]! : i;
        if (isNull) (s as StringKeys).push(g, r.bytes, 0, 0);
        else (s as StringKeys).push(g, r.bytes, r.offsets[e]!, r.offsets[e + 1]!);
      }
    }
    return g;
  }

  /** The hash of row i's key tuple, as hashRows computes it (kept per group for a switch to hash mode). */
  private hashRow(readers: readonly NumberReader[], i: number): number {
    let h = 0;
    for (let c = 0; c < readers.length; c++) {
      const r = readers[c]!;
      const x = isNullAt(r.validity, i) ? NULL_HASH : hashNumber(r.nums[i]!);
      h = c === 0 ? x : combineHash(h, x);
    }
    return h;
  }

  /** Widens the key ranges to cover this batch; false when the product of the ranges is too large for dense mode. */
  private growRanges(readers: readonly NumberReader[], n: number): boolean {
    const lows = [...this.lows];
    const sizes = [...this.sizes];
    let changed = this.denseSlots === null;
    for (let c = 0; c < readers.length; c++) {
      const { nums, validity } = readers[c]!;
      let lo = Infinity;
      let hi = -Infinity;
      for (let i = 0; i < n; i++) {
        if (validity !== null && ((validity[i >> 3]! >> (i & 7)) & 1) === 0) continue;
        const v = nums[i]!;
        if (v < lo) lo = v;
        if (v > hi) hi = v;
      }
      if (lo > hi) {
        if (sizes[c] === undefined) { lows[c] = 0; sizes[c] = 1; }
        continue;
      }
      if (!Number.isInteger(lo) || !Number.isInteger(hi)) return false;
      if (sizes[c] === undefined || sizes[c] === 1) { lows[c] = lo; sizes[c] = hi - lo + 2; changed = true; continue; }
      const oldHi = lows[c]! + sizes[c]! - 2;
      if (lo < lows[c]! || hi > oldHi) {
        const newLo = Math.min(lo, lows[c]!);
        sizes[c] = Math.max(hi, oldHi) - newLo + 2;
        lows[c] = newLo;
        changed = true;
      }
    }
    if (!changed) return true;
    const total = sizes.reduce((a, b) => a * b, 1);
    if (total > (this.denseSlots === null ? DENSE_START : DENSE_MAX)) return false;
    // Re-index the groups seen so far under the new ranges.
    const reuse = this.spareSlots !== null && this.spareSlots.length === total;
    const slots = reuse ? this.spareSlots!.fill(-1) : new Int32Array(total).fill(-1);
    if (reuse) this.spareSlots = null;
    for (let g = 0; g < this.groupCount; g++) {
      let at = 0;
      let stride = 1;
      for (let c = 0; c < sizes.length; c++) {
        const s = this.stores[c] as NumberKeys;
        at += (s.nulls[g] ? 0 : s.vals[g]! - lows[c]! + 1) * stride;
        stride *= sizes[c]!;
      }
      slots[at] = g;
    }
    this.lows = lows;
    this.sizes = sizes;
    this.denseSlots = slots;
    this.mode = "dense";
    return true;
  }

  private assignDense(readers: readonly NumberReader[], n: number, out: Int32Array, nullsMatch: boolean, insert: boolean): boolean {
    if (insert && !this.growRanges(readers, n)) return this.toHash();
    const slots = this.denseSlots!;
    if (readers.length === 1) {
      // One key: index the slots straight from the values.
      const { nums, validity } = readers[0]!;
      const base = this.lows[0]! - 1;
      const size = this.sizes[0]!;
      for (let i = 0; i < n; i++) {
        let s: number;
        if (validity !== null && ((validity[i >> 3]! >> (i & 7)) & 1) === 0) {
          if (!nullsMatch) { out[i] = -1; continue; }
          s = 0;
        } else {
          s = nums[i]! - base;
          if (!insert && !(s >= 1 && s < size && (s | 0) === s)) { out[i] = -1; continue; }
        }
        out[i] = this.groupAt(slots, s, readers, i, insert);
      }
      return true;
    }
    // Several keys: the slot index of every row, one key column at a time (-1 = no match).
    if (this.composite.length < n) this.composite = new Int32Array(n);
    const at = this.composite;
    at.fill(0, 0, n);
    let stride = 1;
    for (let c = 0; c < readers.length; c++) {
      const { nums, validity } = readers[c]!;
      const base = this.lows[c]! - 1;
      const size = this.sizes[c]!;
      for (let i = 0; i < n; i++) {
        if (at[i]! < 0) continue;
        if (validity !== null && ((validity[i >> 3]! >> (i & 7)) & 1) === 0) {
          if (!nullsMatch) at[i] = -1;
          continue;
        }
        const s = nums[i]! - base;
        if (!insert && !(s >= 1 && s < size && (s | 0) === s)) at[i] = -1;
        else at[i] += s * stride;
      }
      stride *= size;
    }
    for (let i = 0; i < n; i++) {
      const s = at[i]!;
      out[i] = s < 0 ? -1 : this.groupAt(slots, s, readers, i, insert);
    }
    return true;
  }

  /** The group at dense slot `s` (row i's key), created when missing and `insert`; else -1 when missing. */
  private groupAt(slots: Int32Array, s: number, readers: readonly NumberReader[], i: number, insert: boolean): number {
    const g = slots[s]!;
    if (g >= 0 || !insert) return g;
    const created = this.newGroup(readers, i, this.hashRow(readers, i));
    slots[s] = created;
    return created;
  }

  /** Leaves dense mode: indexes the groups seen so far by hash. */
  private toHash(): false {
    this.mode = "hash";
    this.denseSlots = null;
    this.lows = [];
    this.sizes = [];
    this.initHash(Math.max(1024, this.groupCount * 4));
    for (let g = 0; g < this.groupCount; g++) this.insertSlot(g, this.groupHashes[g]!);
    return false;
  }

  private initHash(size: number): void {
    let cap = 1024;
    while (cap < size) cap *= 2;
    this.slots = new Int32Array(cap).fill(-1);
    this.mask = cap - 1;
  }

  private insertSlot(g: number, h: number): void {
    let s = h & this.mask;
    while (this.slots[s]! >= 0) s = (s + 1) & this.mask;
    this.slots[s] = g;
  }

  private hashRows(readers: readonly KeyReader[], n: number): Uint32Array {
    if (this.hashBuffer.length < n) this.hashBuffer = new Uint32Array(n);
    return hashKeyRows(readers, n, this.hashBuffer);
  }

  private rowEquals(readers: readonly KeyReader[], i: number, g: number): boolean {
    for (let c = 0; c < readers.length; c++) {
      const r = readers[c]!;
      const s = this.stores[c]!;
      const rowNull = isNullAt(r.validity, i);
      if (rowNull || s.nulls[g] === 1) { if (rowNull && s.nulls[g] === 1) continue; return false; }
      if (r.kind === "number") {
        const a = r.nums[i]!;
        const b = (s as NumberKeys).vals[g]!;
        if (a !== b && !(a !== a && b !== b)) return false;
      } else {
        const e = r.indices ? r.indices[i]! : i;
        const st = s as StringKeys;
        let p = r.offsets[e]!;
        const end = r.offsets[e + 1]!;
        let q = st.offsets[g]!;
        if (end - p !== st.offsets[g + 1]! - q) return false;
        for (; p < end; p++, q++) if (r.bytes[p] !== st.bytes[q]) return false;
      }
    }
    return true;
  }

  private assignHashed(readers: readonly KeyReader[], n: number, out: Int32Array, nullsMatch: boolean, insert: boolean): void {
    const hashes = this.hashRows(readers, n);
    for (let i = 0; i < n; i++) {
      if (!nullsMatch) {
        let anyNull = false;
        for (let c = 0; c < readers.length; c++) if (isNullAt(readers[c]!.validity, i)) { anyNull = true; break; }
        if (anyNull) { out[i] = -1; continue; }
      }
      const h = hashes[i]!;
      let s = h & this.mask;
      let g: number;
      for (;;) {
        g = this.slots[s]!;
        if (g < 0) {
          if (!insert) break;
          g = this.newGroup(readers, i, h);
          this.slots[s] = g;
          if (this.groupCount * 2 > this.slots.length) {
            this.initHash(this.slots.length * 2);
            for (let x = 0; x < this.groupCount; x++) this.insertSlot(x, this.groupHashes[x]!);
          }
          break;
        }
        if (this.groupHashes[g] === h && this.rowEquals(readers, i, g)) break;
        s = (s + 1) & this.mask;
      }
      out[i] = g;
    }
  }
}

function allNumbers(readers: readonly KeyReader[]): readers is NumberReader[] {
  return readers.every((r) => r.kind === "number");
}

function validityOf(valid: Uint8Array, length: number): Uint8Array | null {
  let nulls = 0;
  const bits = new Uint8Array((length + 7) >> 3);
  for (let i = 0; i < length; i++) { if (valid[i]) bits[i >> 3]! |= 1 << (i & 7); else nulls++; }
  return nulls === 0 ? null : bits;
}
