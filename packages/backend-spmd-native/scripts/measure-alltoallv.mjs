#!/usr/bin/env node
// Measures alltoallv and exchangeBatches throughput. Run after building, under mpirun:
//   mpirun -n 2 node scripts/measure-alltoallv.mjs [totalMegabytes=100]
// (on one host as root add the flags of the README). Every rank sends totalMegabytes / ranks,
// split evenly over the destinations; prints the median of 7 timed runs after 2 warm-ups, on rank 0.
import { Float64, Int64, makeData, RecordBatch, Struct, Field, Schema } from "apache-arrow";
import { allreduce, alltoallv, barrier, exchangeBatches, initWorld } from "../dist/index.js";

const totalMb = Number(process.argv[2] ?? 100);
const { rank, size } = initWorld();
const perDestination = Math.floor((totalMb * 1e6) / size / size / 8) * 8;
const send = new Uint8Array(perDestination * size).fill(rank + 1);
const views = Array.from({ length: size }, (_, d) => send.subarray(d * perDestination, (d + 1) * perDestination));

function timeIt(run) {
  const times = [];
  for (let k = 0; k < 9; k++) {
    barrier();
    const t0 = performance.now();
    run();
    const [slowest] = allreduce(Float64Array.of(performance.now() - t0), "max");
    if (k >= 2) times.push(slowest);
  }
  return times.sort((a, b) => a - b)[times.length >> 1];
}

const bytesMoved = perDestination * size * size;
const rawMs = timeIt(() => alltoallv(views));

const rows = perDestination / 16; // two 8-byte columns
const fields = [new Field("x", new Float64(), false), new Field("k", new Int64(), false)];
const batch = new RecordBatch(
  new Schema(fields),
  makeData({
    type: new Struct(fields),
    length: rows,
    nullCount: 0,
    children: [
      makeData({ type: new Float64(), length: rows, data: new Float64Array(rows).fill(rank) }),
      makeData({ type: new Int64(), length: rows, data: new BigInt64Array(rows).fill(BigInt(rank)) }),
    ],
  }),
);
const batchMs = timeIt(() => exchangeBatches(Array.from({ length: size }, () => batch)));

if (rank === 0) {
  const gbs = (ms) => (bytesMoved / 1e9 / (ms / 1e3)).toFixed(2);
  console.log(`${size} ranks, ${(bytesMoved / 1e6).toFixed(0)} MB moved in total per exchange`);
  console.log(`alltoallv:       ${rawMs.toFixed(1)} ms median, ${gbs(rawMs)} GB/s aggregate`);
  console.log(`exchangeBatches: ${batchMs.toFixed(1)} ms median, ${gbs(batchMs)} GB/s aggregate (encode + alltoallv + decode)`);
}
