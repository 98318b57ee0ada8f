import type { ColumnTable } from "arquero";
import type * as aqModule from "arquero";

/**
 * A reference query in Arquero's verbs: takes the trips table (timestamps as epoch milliseconds,
 * Arquero's default for Arrow timestamps) and returns the result table. `aq` is the module,
 * passed in so that only the Arquero engine loads it.
 */
export type ArqueroQuery = (aq: typeof aqModule, trips: ColumnTable) => ColumnTable;

/** Hour of day (UTC) of an epoch-milliseconds timestamp, as an Arquero expression. */
const HOUR_OF_MS = "(d) => op.floor(d.tpep_pickup_datetime / 3600000) % 24";

export const q1Arquero: ArqueroQuery = (aq, trips) =>
  trips
    .filter((d: Record<string, number>) => d.trip_distance! > 1)
    .derive({ fare_per_mile: (d: Record<string, number>) => d.fare_amount! / d.trip_distance! })
    .rollup({ total: aq.op.sum("fare_per_mile"), n: aq.op.count() });

export const q2Arquero: ArqueroQuery = (aq, trips) =>
  trips
    .groupby("PULocationID")
    .rollup({ n: aq.op.count(), fare_sum: aq.op.sum("fare_amount"), tip_mean: aq.op.mean("tip_amount"), distance_max: aq.op.max("trip_distance") });

export const q3Arquero: ArqueroQuery = (aq, trips) =>
  trips
    .filter((d: Record<string, number>) => d.fare_amount! > 0)
    .derive({ hour: HOUR_OF_MS })
    .groupby("PULocationID", "hour")
    .rollup({ n: aq.op.count(), total_mean: aq.op.mean("total_amount") });

export const q4Arquero: ArqueroQuery = (aq, trips) => {
  const perLocation = trips.groupby("PULocationID").rollup({ avg_fare: aq.op.mean("fare_amount") });
  return trips
    .select("PULocationID", "fare_amount")
    .join(perLocation, "PULocationID")
    .filter((d: Record<string, number>) => d.fare_amount! > d.avg_fare!)
    .rollup({ n: aq.op.count() });
};

export const featurizeArquero: ArqueroQuery = (aq, trips) =>
  trips
    .filter((d: Record<string, number>) => d.fare_amount! > 0 && d.trip_distance! > 0)
    .derive({
      hour: HOUR_OF_MS,
      // A null tip stays null (plain JS division would turn it into 0).
      tip_ratio: "(d) => d.tip_amount == null ? null : d.tip_amount / d.total_amount",
    })
    .groupby("PULocationID", "hour")
    .rollup({ trips: aq.op.count(), mean_fare: aq.op.mean("fare_amount"), mean_tip_ratio: aq.op.mean("tip_ratio") });
