import { Float64, Int32, Int64, Table, vectorFromArray } from "apache-arrow";
import fc from "fast-check";
import { beforeAll, describe, expect, it } from "vitest";
import { createContainer, type DependencyContainer } from "@datajax/runtime";
import { registerLocalBackend } from "@datajax/backend-local";
import { count, djit, lowerScan, scan, ScanCarryError, sum, type Frame } from "../src/index.js";

fc.configureGlobal({ seed: Number(process.env["DJX_FC_SEED"] ?? 20261201) });

let container: DependencyContainer;
beforeAll(() => {
  container = createContainer();
  registerLocalBackend(container);
});

/** 60 events over 6 days and 4 keys, in day order. */
function events(): Table {
  const n = 60;
  return new Table({
    day: vectorFromArray(Array.from({ length: n }, (_, i) => Math.floor(i / 10)), new Int32()),
    k: vectorFromArray(Array.from({ length: n }, (_, i) => (i * 7) % 4), new Int32()),
    v: vectorFromArray(Array.from({ length: n }, (_, i) => ((i * 13) % 9) - 2), new Float64()),
  });
}
const emptyCarry = () => new Table({ k: vectorFromArray([], new Int32()), n: vectorFromArray([], new Int64()), s: vectorFromArray([], new Float64()) });

/** Running per-key state: each chunk sees the totals of the chunks before it, never its own or later rows. */
const step = (carry: Frame, chunk: Frame): [Frame, Frame] => {
  const seen = carry.select("k", { seen_n: "n", seen_s: "s" });
  const y = chunk.join(seen, { on: "k", how: "left" });
  const next = carry.union(chunk.groupBy("k").agg({ n: count(), s: sum("v") })).groupBy("k").agg({ n: sum("n"), s: sum("s") });
  return [next, y];
};

const rows = (t: Table) => t.toArray().map((r) => JSON.stringify(r.toJSON(), (_k, v) => (typeof v === "bigint" ? Number(v) : v))).sort();

describe("scan", () => {
  it("equals the explicit loop, chunk by chunk, with state from past rows only", async () => {
    const xs = events();
    const [carry, ys] = await scan(step, emptyCarry(), xs, { orderBy: "day", chunkBy: "day", container });
    // The explicit loop over the same chunks.
    const carryFn = djit((c: Frame, x: Frame) => step(c, x)[0], { container });
    const yFn = djit((c: Frame, x: Frame) => step(c, x)[1], { container });
    let expectedCarry = emptyCarry();
    const expectedYs: Table[] = [];
    for (let d = 0; d < 6; d++) {
      const chunk = xs.slice(d * 10, d * 10 + 10);
      expectedYs.push(await yFn(expectedCarry, chunk));
      expectedCarry = await carryFn(expectedCarry, chunk);
    }
    expect(rows(carry)).toEqual(rows(expectedCarry));
    expect(rows(ys)).toEqual(rows(new Table(expectedYs.flatMap((t) => t.batches))));
    // Day 0 saw nothing; on the last day each key has seen the five days before.
    const day0 = ys.toArray().filter((r) => r.day === 0);
    expect(day0.every((r) => r.seen_n === null)).toBe(true);
    const totals = carry.toArray().reduce((n, r) => n + Number(r.n), 0);
    expect(totals).toBe(60);
  });

  it("traces once: a carry whose schema is not init's fails at trace time, showing both", () => {
    const wrong = (_carry: Frame, chunk: Frame): [Frame, Frame] => [chunk.groupBy("k").agg({ n: count() }), chunk];
    expect(() => lowerScan(wrong, emptyCarry(), events(), { name: "wrong" })).toThrow(ScanCarryError);
    expect(() => lowerScan(wrong, emptyCarry(), events(), { name: "wrong" })).toThrow(/scan\(wrong\): the function must return a carry with the initial carry's schema[\s\S]*init: +\{k:int32\?, n:int64\?, s:float64\?\}\n +returned: \{k:int32\?, n:int64\}/);
    const lowered = lowerScan(step, emptyCarry(), events());
    expect(lowered.carry.text.optimized).toMatch(/union/);
    expect(lowered.output.text.optimized).toMatch(/join\[left on k\]/);
  });

  it("chunkRows and reverse walk the rows backwards in fixed-size chunks", async () => {
    const order: number[] = [];
    const [, ys] = await scan((carry: Frame, chunk: Frame): [Frame, Frame] => [carry, chunk.agg({ first_day: sum("day"), rows: count() })], emptyCarry(), events(), { orderBy: "day", chunkRows: 25, reverse: true, container });
    for (const r of ys.toArray()) order.push(Number(r.rows));
    expect(order).toEqual([10, 25, 25]);
    expect(Number(ys.toArray()[0]!.first_day)).toBe(50);
  });

  it("equals the explicit loop for random rows, chunk sizes and directions (property)", async () => {
    const carryFn = djit((c: Frame, x: Frame) => step(c, x)[0], { container });
    const yFn = djit((c: Frame, x: Frame) => step(c, x)[1], { container });
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.record({ k: fc.integer({ min: 0, max: 3 }), v: fc.option(fc.integer({ min: -5, max: 5 }), { nil: null }) }), { minLength: 1, maxLength: 40 }),
        fc.integer({ min: 1, max: 12 }),
        fc.boolean(),
        async (data, chunkRows, reverse) => {
          const xs = new Table({
            day: vectorFromArray(data.map((_r, i) => i), new Int32()),
            k: vectorFromArray(data.map((r) => r.k), new Int32()),
            v: vectorFromArray(data.map((r) => r.v), new Float64()),
          });
          const [carry, ys] = await scan(step, emptyCarry(), xs, { orderBy: "day", chunkRows, reverse, container });
          const starts = Array.from({ length: Math.ceil(data.length / chunkRows) }, (_x, i) => i * chunkRows);
          if (reverse) starts.reverse();
          let c = emptyCarry();
          const expectedYs: Table[] = [];
          for (const s0 of starts) {
            const chunk = xs.slice(s0, Math.min(data.length, s0 + chunkRows));
            expectedYs.push(await yFn(c, chunk));
            c = await carryFn(c, chunk);
          }
          expect(rows(carry)).toEqual(rows(c));
          expect(rows(ys)).toEqual(rows(new Table(expectedYs.flatMap((t) => t.batches))));
        },
      ),
      { numRuns: 60 },
    );
  });
});

