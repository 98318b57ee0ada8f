import { Table as ArrowTable, tableFromArrays, type Table } from "apache-arrow";
import { afterAll, describe, expect, it } from "vitest";
import { BACKEND_TOKEN, type StageMetrics } from "@datajax/core-ir";
import { compareRows, tableRows } from "@datajax/runtime/testing";
import { col, count, createContainer, djit, generateTaxi, LocalBackend, max, mean, pjit, registerLocalBackend, Resource, shareTable, sum, type Frame } from "../src/index.js";

// The local backend with worker threads (`new LocalBackend({ threads: 2 })`) runs a stage's two
// ranks at once, rank 1 on a worker thread reading the shared table in place. Every answer must be
// the single-threaded one (rows as a multiset, floats within 1e-9: partial sums add in another order).

const taxi = async (rows: number): Promise<Table> => {
  const batches = [];
  for await (const b of generateTaxi({ rows, batchRows: 4096 })) batches.push(b);
  return new ArrowTable(batches);
};

const pipelines: Record<string, (t: Frame) => Frame> = {
  "filter, derive, sum": (t) => t.filter(col("trip_distance").gt(1)).withColumns({ fpm: col("fare_amount").div(col("trip_distance")) }).agg({ total: sum("fpm"), n: count() }),
  "group by with four aggregates": (t) => t.groupBy("PULocationID").agg({ n: count(), fare: sum("fare_amount"), tip: mean("tip_amount"), far: max("trip_distance") }),
  "filter, hour, two-key group by": (t) => t.filter(col("fare_amount").gt(0)).withColumns({ hour: col("tpep_pickup_datetime").hour() }).groupBy("PULocationID", "hour").agg({ n: count(), total: mean("total_amount") }),
  "group by joined back": (t) => {
    const per = t.groupBy("PULocationID").agg({ avg_fare: mean("fare_amount") });
    return t.join(per, { on: "PULocationID", how: "inner" }).filter(col("fare_amount").gt(col("avg_fare"))).agg({ n: count() });
  },
};

describe("the local backend's worker threads", () => {
  const threaded = new LocalBackend({ threads: 2 });
  const container = createContainer();
  container.register(BACKEND_TOKEN, { useValue: threaded });
  const serial = createContainer();
  serial.register(BACKEND_TOKEN, { useValue: new LocalBackend() });
  const resource = new Resource({ axes: { data: 2 } });
  afterAll(() => threaded.close());

  it("rejects a thread count that is not a positive integer; registerLocalBackend passes it on", () => {
    expect(registerLocalBackend(createContainer(), { threads: 2 }).threads).toBe(2);
    expect(registerLocalBackend(createContainer()).threads).toBe(1);
    expect(() => new LocalBackend({ threads: 0 })).toThrow(RangeError);
    expect(() => new LocalBackend({ threads: 1.5 })).toThrow(/threads must be a positive integer, got 1.5/);
  });

  it("gives the single-threaded answers on the reference queries, with rank 1 on a worker thread", async () => {
    const table = shareTable(await taxi(60_000));
    for (const [name, fn] of Object.entries(pipelines)) {
      const before = threaded.jobsOnWorkers;
      const parallel = await pjit(fn, { container, backend: "local", resource, name })(table);
      const one = await djit(fn, { container: serial, backend: "local" })(table);
      const problem = compareRows(tableRows(parallel), tableRows(one), { ordered: false });
      expect(problem, name).toBeNull();
      expect(threaded.jobsOnWorkers, `${name}: a stage ran on the worker thread`).toBeGreaterThan(before);
    }
  });

  it("runs every rank on the calling thread when the table is not in shared memory, with the same answers", async () => {
    const table = await taxi(20_000);
    const before = threaded.jobsOnWorkers;
    const fn = pipelines["group by with four aggregates"]!;
    const parallel = await pjit(fn, { container, backend: "local", resource })(table);
    const one = await djit(fn, { container: serial, backend: "local" })(table);
    expect(compareRows(tableRows(parallel), tableRows(one), { ordered: false })).toBeNull();
    expect(threaded.jobsOnWorkers).toBe(before);
  });

  it("turns the join back into a broadcast join: the large side's rows stay on their rank", async () => {
    const table = shareTable(await taxi(30_000));
    const fn = pipelines["group by joined back"]!;
    const { table: got, metrics } = await pjit(fn, { container, backend: "local", resource }).run(table);
    const want = await djit(fn, { container: serial, backend: "local" })(table);
    expect(tableRows(got)).toEqual(tableRows(want));
    // The per-location aggregate goes to every rank; the stage passing the table's rows on to the
    // join (its output: all its rows) keeps them in place instead of hashing them across the ranks.
    const passing = metrics.stages.filter((m: StageMetrics) => m.rowsOut >= 10_000);
    expect(passing.length, JSON.stringify(metrics.stages)).toBe(2);
    expect(passing.map((m: StageMetrics) => m.bytesExchanged)).toEqual([0, 0]);
    expect(metrics.stages.some((m: StageMetrics) => m.rowsOut < 10_000 && m.bytesExchanged > 0)).toBe(true);
  });

  it("sends a table to a worker once and by id after that, past the tables a worker keeps", async () => {
    // Six tables, each run twice in turn: more than a worker keeps (4), so some go again in full.
    const tables = await Promise.all([1, 2, 3, 4, 5, 6].map(async (k) => shareTable(await taxi(4096 * 2 + k * 100))));
    const fn = pipelines["group by with four aggregates"]!;
    const parallel = pjit(fn, { container, backend: "local", resource });
    for (const order of [[0, 1, 2, 3, 4, 5], [5, 0, 4, 1, 3, 2]]) {
      for (const i of order) {
        const got = await parallel(tables[i]!);
        const want = await djit(fn, { container: serial, backend: "local" })(tables[i]!);
        expect(compareRows(tableRows(got), tableRows(want), { ordered: false }), `table ${i}`).toBeNull();
      }
    }
  });

  it("reads strings, dictionaries, booleans, timestamps and nulls in place on the worker", async () => {
    const n = 20_000;
    const labels = ["a", "bb", null, "ccc", "dddd"];
    const { vectorFromArray, Dictionary, Utf8, Int32, Bool, TimestampMicrosecond, Float64 } = await import("apache-arrow");
    const base = new ArrowTable({
      label: vectorFromArray(Array.from({ length: n }, (_v, i) => labels[i % 5]!), new Utf8()),
      zone: vectorFromArray(Array.from({ length: n }, (_v, i) => (i % 7 === 0 ? null : `z${i % 3}`)), new Dictionary(new Utf8(), new Int32())),
      flag: vectorFromArray(Array.from({ length: n }, (_v, i) => (i % 11 === 0 ? null : i % 2 === 0)), new Bool()),
      at: vectorFromArray(Array.from({ length: n }, (_v, i) => 1_700_000_000_000 + i * 997), new TimestampMicrosecond()),
      x: vectorFromArray(Array.from({ length: n }, (_v, i) => (i % 13 === 0 ? null : i * 0.5)), new Float64()),
    });
    // Several batches, so that both ranks get some.
    const batched = new ArrowTable(base.schema, [0, 5000, 10000, 15000].flatMap((s0) => base.slice(s0, s0 + 5000).batches));
    const table = shareTable(batched);
    const fn = (t: Frame) => t.filter(col("flag").eq(true)).groupBy("label", "zone").agg({ n: count(), x: sum("x"), last: max("at") });
    const before = threaded.jobsOnWorkers;
    const got = await pjit(fn, { container, backend: "local", resource })(table);
    const want = await djit(fn, { container: serial, backend: "local" })(table);
    expect(compareRows(tableRows(got), tableRows(want), { ordered: false })).toBeNull();
    expect(tableRows(want).length).toBeGreaterThan(5);
    expect(threaded.jobsOnWorkers).toBeGreaterThan(before);
  });

  it("shares a table's buffers without changing its values", () => {
    const t = tableFromArrays({ x: Float64Array.of(1, 2, 3), s: ["a", "b", "c"] });
    const shared = shareTable(t);
    expect(shared.toArray().map((r) => r.toJSON())).toEqual(t.toArray().map((r) => r.toJSON()));
  });
});
