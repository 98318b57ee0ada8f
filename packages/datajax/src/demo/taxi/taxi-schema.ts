import * as arrow from "apache-arrow";

/**
 * The NYC TLC yellow-taxi trip schema (the subset DataJAX benchmarks use), with the Arrow types
 * the TLC Parquet files carry after a cast of their int64 ids to int32. generateTaxi's batches have it.
 *
 * @example
 * ```ts
 * import { taxiSchema } from "@datajax/datajax";
 *
 * taxiSchema.fields.map((f) => f.name); // ["VendorID", "tpep_pickup_datetime", ..., "total_amount"]
 * ```
 */
export const taxiSchema = new arrow.Schema([
  new arrow.Field("VendorID", new arrow.Int32(), false),
  new arrow.Field("tpep_pickup_datetime", new arrow.TimestampMicrosecond(), false),
  new arrow.Field("tpep_dropoff_datetime", new arrow.TimestampMicrosecond(), false),
  new arrow.Field("passenger_count", new arrow.Int32(), true),
  new arrow.Field("trip_distance", new arrow.Float64(), false),
  new arrow.Field("PULocationID", new arrow.Int32(), false),
  new arrow.Field("DOLocationID", new arrow.Int32(), false),
  new arrow.Field("payment_type", new arrow.Int32(), false),
  new arrow.Field("fare_amount", new arrow.Float64(), false),
  new arrow.Field("tip_amount", new arrow.Float64(), true),
  new arrow.Field("total_amount", new arrow.Float64(), false),
]);

/**
 * Number of taxi zones: location ids are 1..TAXI_ZONES.
 *
 * @example
 * ```ts
 * import { TAXI_ZONES } from "@datajax/datajax";
 *
 * const tripsPerZone = new Float64Array(TAXI_ZONES + 1); // indexed by PULocationID
 * ```
 */
export const TAXI_ZONES = 265;

/** First pickup instant: 2024-01-01T00:00:00 (no time zone), in seconds since the epoch. */
export const TAXI_MONTH_START_S = Date.UTC(2024, 0, 1) / 1000;
/** Pickups spread over this many days (January 2024). */
export const TAXI_MONTH_DAYS = 31;
