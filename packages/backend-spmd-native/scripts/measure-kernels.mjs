#!/usr/bin/env node
// Measures the native kernels on the bench's Q1-like and Q2-like queries over generated taxi rows
// held in memory, next to the bench's tuned hand-written TypeScript loops, in one process.
// Not a test: speed is reported, never asserted. Build first:
//   pnpm --filter @datajax/backend-spmd-native build && pnpm --filter @datajax/bench build
//   node packages/backend-spmd-native/scripts/measure-kernels.mjs [--rows 10000000] [--runs 7]
import { Expr, t, field, schema } from "@datajax/core-ir";
import { Table } from "apache-arrow";
import { AggregateFn, compileExprProgram, filterAggregate, HashAggregation } from "../dist/index.js";
import { q1, q2, taxiColumns } from "../../bench/dist/index.js";
import { generateTaxi } from "../../datajax/dist/index.js";
import { arg, median } from "./measure-support.mjs";

const rows = Number(arg("rows", "10000000"));
const runs = Number(arg("runs", "7"));

/** Median wall time of `runs` calls after one warm-up, and the last result. */
async function time(f) {
  let result = f();
  const times = [];
  for (let r = 0; r < runs; r++) {
    await new Promise((done) => setImmediate(done));
    const s = performance.now();
    result = f();
    times.push(performance.now() - s);
  }
  return { ms: median(times), min: Math.min(...times), result };
}

const t0 = performance.now();
const table = new Table([...generateTaxi({ rows, seed: 42, batchRows: 122_880 })]);
const c = taxiColumns(table);
console.log(`generated ${rows.toLocaleString("en-US")} rows in ${((performance.now() - t0) / 1000).toFixed(1)} s; median of ${runs} runs`);

const col = (type, values, validity = null) => ({ type, length: c.rows, values, validity });

// Q1: filter trip_distance > 1, fare_amount / trip_distance, sum and count, fused in one pass.
const q1Schema = schema([field("trip_distance", t.float64), field("fare_amount", t.float64)]);
const q1Program = compileExprProgram(
  [Expr.call("gt", [Expr.column("trip_distance"), Expr.literal(1, t.float64)]), Expr.call("div", [Expr.column("fare_amount"), Expr.column("trip_distance")])],
  q1Schema,
);
const q1Columns = [col(t.float64, c.trip_distance), col(t.float64, c.fare_amount)];
const q1Native = () => filterAggregate(q1Program, 0, [{ fn: AggregateFn.Sum, output: 1 }, { fn: AggregateFn.CountAll, output: -1 }], q1Columns, c.rows);

// Q2: group by PULocationID (265 keys): count(), sum(fare), mean(tip) (tip has nulls), max(distance).
const q2Native = () => {
  const agg = new HashAggregation([t.int32], [
    { fn: AggregateFn.CountAll, argType: null },
    { fn: AggregateFn.Sum, argType: t.float64 },
    { fn: AggregateFn.Mean, argType: t.float64 },
    { fn: AggregateFn.Max, argType: t.float64 },
  ]);
  agg.update([col(t.int32, c.PULocationID)], [null, col(t.float64, c.fare_amount), col(t.float64, c.tip_amount, c.tip_valid), col(t.float64, c.trip_distance)], c.rows);
  return agg.finish();
};

const h1 = await time(() => q1.handWritten(c));
const n1 = await time(q1Native);
const h2 = await time(() => q2.handWritten(c));
const n2 = await time(q2Native);

// The answers must agree before the times mean anything.
const [total, n] = n1.result;
const hand1 = h1.result[0];
if (n.count !== hand1.n || Math.abs(total.value - hand1.total) > 1e-9 * Math.abs(hand1.total)) throw new Error(`Q1 differs: native ${total.value}/${n.count}, hand-written ${hand1.total}/${hand1.n}`);
const groups = n2.result.keys[0].length;
if (groups !== h2.result.length) throw new Error(`Q2 differs: native ${groups} groups, hand-written ${h2.result.length}`);

const row = (name, hand, native) =>
  `| ${name} | ${hand.ms.toFixed(1)} (${hand.min.toFixed(1)}) | ${native.ms.toFixed(1)} (${native.min.toFixed(1)}) | ${(hand.ms / native.ms).toFixed(2)}× |`;
console.log("| query | hand-written TS ms (min) | native kernels ms (min) | speed-up |");
console.log("|---|---|---|---|");
console.log(row("Q1 filter + derive + sum", h1, n1));
console.log(row("Q2 group by 265 keys, 4 aggregates", h2, n2));
