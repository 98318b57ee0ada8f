import { col, count, max, mean, sum } from "@datajax/transforms";
import { featurizeArquero, q1Arquero, q2Arquero, q3Arquero, q4Arquero } from "./arquero-queries.js";
import { featurizePolars, q1Polars, q2Polars, q3Polars, q4Polars } from "./polars-queries.js";
import type { ReferenceQuery, ResultRows, TaxiColumns } from "./reference-query.js";
import { featurizeTuned, q1Tuned, q2Tuned, q3Tuned, q4Tuned } from "./tuned-loops.js";

const US_PER_HOUR = 3_600_000_000;
const TWO_32 = 4_294_967_296;

/** Microseconds of row i from its int32 pair (little-endian), exact below 2^53. */
const pickupUs = (p: Int32Array, i: number) => p[2 * i + 1]! * TWO_32 + (p[2 * i]! >>> 0);
const tipValid = (c: TaxiColumns, i: number) => c.tip_valid === null || ((c.tip_valid[i >> 3]! >> (i & 7)) & 1) === 1;

/** Q1 — filter + derive + sum: the total and count of fare per mile over trips longer than a mile. */
export const q1: ReferenceQuery = {
  name: "q1_filter_derive_sum",
  description: "filter trip_distance > 1, derive fare / distance, sum and count",
  columns: ["trip_distance", "fare_amount"],
  keys: [],
  pipeline: (trips) =>
    trips
      .filter(col("trip_distance").gt(1))
      .withColumns({ fare_per_mile: col("fare_amount").div(col("trip_distance")) })
      .agg({ total: sum("fare_per_mile"), n: count() }),
  sql: "SELECT sum(fare_amount / trip_distance) AS total, count(*) AS n FROM trips WHERE trip_distance > 1",
  tuned: q1Tuned,
  polars: q1Polars,
  arquero: q1Arquero,
  handWritten: (c) => {
    let total = 0;
    let n = 0;
    const d = c.trip_distance;
    const f = c.fare_amount;
    for (let i = 0; i < c.rows; i++) {
      if (d[i]! > 1) {
        total += f[i]! / d[i]!;
        n++;
      }
    }
    return [{ total: n > 0 ? total : null, n }];
  },
};

/** Q2 — group by pickup location (265 keys) with four aggregates. */
export const q2: ReferenceQuery = {
  name: "q2_groupby_4_aggs",
  description: "group by PULocationID: count, sum(fare), mean(tip), max(distance)",
  columns: ["PULocationID", "fare_amount", "tip_amount", "trip_distance"],
  keys: ["PULocationID"],
  pipeline: (trips) =>
    trips.groupBy("PULocationID").agg({
      n: count(),
      fare_sum: sum("fare_amount"),
      tip_mean: mean("tip_amount"),
      distance_max: max("trip_distance"),
    }),
  sql: `SELECT PULocationID, count(*) AS n, sum(fare_amount) AS fare_sum, avg(tip_amount) AS tip_mean,
        max(trip_distance) AS distance_max FROM trips GROUP BY PULocationID`,
  tuned: q2Tuned,
  polars: q2Polars,
  arquero: q2Arquero,
  handWritten: (c) => {
    const K = 266;
    const n = new Float64Array(K);
    const fare = new Float64Array(K);
    const tip = new Float64Array(K);
    const tipN = new Float64Array(K);
    const dmax = new Float64Array(K).fill(-Infinity);
    for (let i = 0; i < c.rows; i++) {
      const k = c.PULocationID[i]!;
      n[k]!++;
      fare[k]! += c.fare_amount[i]!;
      if (tipValid(c, i)) {
        tip[k]! += c.tip_amount[i]!;
        tipN[k]!++;
      }
      const d = c.trip_distance[i]!;
      if (d > dmax[k]!) dmax[k] = d;
    }
    const out: ResultRows = [];
    for (let k = 0; k < K; k++) {
      if (n[k] === 0) continue;
      out.push({ PULocationID: k, n: n[k]!, fare_sum: fare[k]!, tip_mean: tipN[k]! > 0 ? tip[k]! / tipN[k]! : null, distance_max: dmax[k]! });
    }
    return out;
  },
};

/** Q3 — filter, hour of pickup, two-key group by. */
export const q3: ReferenceQuery = {
  name: "q3_filter_hour_2key_groupby",
  description: "filter fare > 0, hour(pickup), group by (PULocationID, hour): count, mean(total)",
  columns: ["fare_amount", "tpep_pickup_datetime", "PULocationID", "total_amount"],
  keys: ["PULocationID", "hour"],
  pipeline: (trips) =>
    trips
      .filter(col("fare_amount").gt(0))
      .withColumns({ hour: col("tpep_pickup_datetime").hour() })
      .groupBy("PULocationID", "hour")
      .agg({ n: count(), total_mean: mean("total_amount") }),
  sql: `SELECT PULocationID, CAST(hour(tpep_pickup_datetime) AS INTEGER) AS hour, count(*) AS n, avg(total_amount) AS total_mean
        FROM trips WHERE fare_amount > 0 GROUP BY ALL`,
  tuned: q3Tuned,
  polars: q3Polars,
  arquero: q3Arquero,
  handWritten: (c) => {
    const K = 266 * 24;
    const n = new Float64Array(K);
    const tot = new Float64Array(K);
    for (let i = 0; i < c.rows; i++) {
      if (c.fare_amount[i]! > 0) {
        const us = pickupUs(c.pickup_us_pairs, i);
        const h = Math.floor(us / US_PER_HOUR) % 24;
        const k = c.PULocationID[i]! * 24 + h;
        n[k]!++;
        tot[k]! += c.total_amount[i]!;
      }
    }
    const out: ResultRows = [];
    for (let k = 0; k < K; k++) if (n[k]! > 0) out.push({ PULocationID: Math.floor(k / 24), hour: k % 24, n: n[k]!, total_mean: tot[k]! / n[k]! });
    return out;
  },
};

/** Q4 — a group-by joined back to the table: trips above their pickup location's mean fare. */
export const q4: ReferenceQuery = {
  name: "q4_groupby_join_back",
  description: "mean fare per PULocationID joined back; count trips above their location's mean",
  columns: ["PULocationID", "fare_amount"],
  keys: [],
  pipeline: (trips) => {
    const perLocation = trips.groupBy("PULocationID").agg({ avg_fare: mean("fare_amount") });
    return trips
      .join(perLocation, { on: "PULocationID", how: "inner" })
      .filter(col("fare_amount").gt(col("avg_fare")))
      .agg({ n: count() });
  },
  sql: `WITH per AS (SELECT PULocationID, avg(fare_amount) AS avg_fare FROM trips GROUP BY PULocationID)
        SELECT count(*) AS n FROM trips JOIN per USING (PULocationID) WHERE fare_amount > avg_fare`,
  tuned: q4Tuned,
  polars: q4Polars,
  arquero: q4Arquero,
  handWritten: (c) => {
    const K = 266;
    const s = new Float64Array(K);
    const n = new Float64Array(K);
    for (let i = 0; i < c.rows; i++) {
      const k = c.PULocationID[i]!;
      s[k]! += c.fare_amount[i]!;
      n[k]!++;
    }
    const avg = new Float64Array(K);
    for (let k = 0; k < K; k++) avg[k] = n[k]! > 0 ? s[k]! / n[k]! : NaN;
    let above = 0;
    for (let i = 0; i < c.rows; i++) if (c.fare_amount[i]! > avg[c.PULocationID[i]!]!) above++;
    return [{ n: above }];
  },
};

/** The featurize job of DESIGN.md §9. */
export const featurize: ReferenceQuery = {
  name: "featurize",
  description: "filter fare>0 and distance>0, hour and tip ratio, group by (PULocationID, hour): count, mean fare, mean tip ratio",
  columns: ["fare_amount", "trip_distance", "tpep_pickup_datetime", "tip_amount", "total_amount", "PULocationID"],
  keys: ["PULocationID", "hour"],
  pipeline: (trips) =>
    trips
      .filter(col("fare_amount").gt(0).and(col("trip_distance").gt(0)))
      .withColumns({
        hour: col("tpep_pickup_datetime").hour(),
        tip_ratio: col("tip_amount").div(col("total_amount")),
      })
      .groupBy("PULocationID", "hour")
      .agg({ trips: count(), mean_fare: mean("fare_amount"), mean_tip_ratio: mean("tip_ratio") }),
  sql: `SELECT PULocationID, CAST(hour(tpep_pickup_datetime) AS INTEGER) AS hour, count(*) AS trips, avg(fare_amount) AS mean_fare,
        avg(tip_amount / total_amount) AS mean_tip_ratio
        FROM trips WHERE fare_amount > 0 AND trip_distance > 0 GROUP BY ALL`,
  tuned: featurizeTuned,
  polars: featurizePolars,
  arquero: featurizeArquero,
  handWritten: (c) => {
    const K = 266 * 24;
    const n = new Float64Array(K);
    const fare = new Float64Array(K);
    const ratio = new Float64Array(K);
    const ratioN = new Float64Array(K);
    for (let i = 0; i < c.rows; i++) {
      if (c.fare_amount[i]! > 0 && c.trip_distance[i]! > 0) {
        const h = Math.floor(pickupUs(c.pickup_us_pairs, i) / US_PER_HOUR) % 24;
        const k = c.PULocationID[i]! * 24 + h;
        n[k]!++;
        fare[k]! += c.fare_amount[i]!;
        if (tipValid(c, i)) {
          ratio[k]! += c.tip_amount[i]! / c.total_amount[i]!;
          ratioN[k]!++;
        }
      }
    }
    const out: ResultRows = [];
    for (let k = 0; k < K; k++) {
      if (n[k]! > 0) out.push({ PULocationID: Math.floor(k / 24), hour: k % 24, trips: n[k]!, mean_fare: fare[k]! / n[k]!, mean_tip_ratio: ratioN[k]! > 0 ? ratio[k]! / ratioN[k]! : null });
    }
    return out;
  },
};

export const referenceQueries: readonly ReferenceQuery[] = [q1, q2, q3, q4];
export const allQueries: readonly ReferenceQuery[] = [q1, q2, q3, q4, featurize];
