import * as arrow from "apache-arrow";
import { samplingTable } from "./sampling-table.js";
import { Sfc32 } from "./sfc32.js";
import { TAXI_MONTH_DAYS, TAXI_MONTH_START_S, TAXI_ZONES, taxiSchema } from "./taxi-schema.js";

/**
 * What generateTaxi makes: how many rows, from which seed, in batches of how many rows.
 *
 * @example
 * ```ts
 * import { generateTaxi, type GenerateTaxiOptions } from "@datajax/datajax";
 *
 * const options: GenerateTaxiOptions = { rows: 1_000_000, seed: 7, batchRows: 65_536 };
 * const batches = [...generateTaxi(options)]; // 16 batches, the last 16,960 rows
 * ```
 */
export interface GenerateTaxiOptions {
  /** Total number of rows. */
  readonly rows: number;
  /** Seed of the random stream; the same seed and row count give the same rows. Default 42. */
  readonly seed?: number;
  /** Rows per record batch (the last one may be shorter). Default 122,880. */
  readonly batchRows?: number;
}

/**
 * The seed generateTaxi and ensureTaxiDataset use when none is given (its cache files carry no
 * `-seed` suffix).
 *
 * @example
 * ```ts
 * import { DEFAULT_TAXI_SEED, taxiDatasetFileName } from "@datajax/datajax";
 *
 * taxiDatasetFileName(1000, DEFAULT_TAXI_SEED); // "taxi-1000.parquet"
 * ```
 */
export const DEFAULT_TAXI_SEED = 42;
/**
 * Rows per record batch generateTaxi makes when `batchRows` is not given.
 *
 * @example
 * ```ts
 * import { DEFAULT_TAXI_BATCH_ROWS, generateTaxi } from "@datajax/datajax";
 *
 * const [first] = generateTaxi({ rows: 200_000 });
 * first!.numRows === DEFAULT_TAXI_BATCH_ROWS; // true: 122,880
 * ```
 */
export const DEFAULT_TAXI_BATCH_ROWS = 122_880;

/** Relative share of pickups by hour of day (a weekday profile: quiet at 4am, peak at 6pm). */
const HOUR_WEIGHTS = [3.0, 2.1, 1.4, 0.9, 0.7, 0.8, 1.8, 3.2, 4.0, 4.1, 4.2, 4.4, 4.6, 4.7, 5.0, 5.1, 5.4, 6.0, 6.3, 5.8, 5.3, 5.0, 4.6, 3.8];
const PASSENGERS = [0, 1, 2, 3, 4, 5, 6];
const PASSENGER_WEIGHTS = [1.5, 72, 14, 4, 2.5, 3.5, 2.5];
const PAYMENTS = [1, 2, 3, 4, 5];
const PAYMENT_WEIGHTS = [72, 23, 2.5, 1.5, 1];
/** Zipf exponent of zone popularity: the busiest zone sees ~10% of trips, the tail almost none. */
const ZONE_ZIPF_S = 1.1;

const U32 = 4294967296;
/** Every row consumes exactly this many random draws (some unused), so rows never depend on batch boundaries. */
const DRAWS_PER_ROW = 19;
const P_PASSENGER_NULL = 0.02 * U32;
const P_TIP_NULL = 0.01 * U32;
const P_ZERO_DISTANCE = 0.012 * U32;
const P_REFUND = 0.006 * U32;
const P_ZERO_FARE = 0.003 * U32;
const P_VENDOR_1 = 0.3 * U32;
const P_CARD_TIPS = 0.82 * U32;
const P_CONGESTION = 0.85 * U32;

/** Zone ids 1..265 in a seeded popularity order, weighted by 1/rank^s, as a sampling table. */
function zoneTable(seed: number): Int32Array {
  const rng = new Sfc32((seed ^ 0x5a17e5) >>> 0);
  const zones = Array.from({ length: TAXI_ZONES }, (_, i) => i + 1);
  for (let i = zones.length - 1; i > 0; i--) {
    const j = Math.floor(rng.nextFloat() * (i + 1));
    [zones[i], zones[j]] = [zones[j]!, zones[i]!];
  }
  return samplingTable(zones, zones.map((_, rank) => 1 / (rank + 1) ** ZONE_ZIPF_S));
}

const round2 = (x: number): number => Math.round(x * 100) / 100;

/** Sets bit i of an Arrow validity bitmap to "null". */
const clearBit = (bitmap: Uint8Array, i: number): void => {
  bitmap[i >> 3]! &= ~(1 << (i & 7));
};

/**
 * Generates synthetic NYC yellow-taxi trips as Arrow record batches, straight into typed arrays.
 * Rows are drawn in order from one random stream, so the output depends only on `seed` and
 * `rows` — not on `batchRows`. Distributions: zone ids Zipf-skewed, pickups over January 2024
 * with an hour-of-day profile, ~2% null passenger counts, ~1% null tips, ~1.2% zero distances,
 * ~0.9% non-positive fares; `total_amount = fare + tip + extras` (to the cent). Batches have
 * taxiSchema. Throws RangeError for a negative or non-integer `rows` or a non-positive `batchRows`.
 *
 * @example
 * ```ts
 * import { Table } from "apache-arrow";
 * import { generateTaxi, tableSource } from "@datajax/datajax";
 *
 * const trips = new Table([...generateTaxi({ rows: 10_000, seed: 1 })]);
 * const source = tableSource(trips, "trips");
 * ```
 */
export function* generateTaxi(options: GenerateTaxiOptions): Generator<arrow.RecordBatch> {
  const { rows } = options;
  const seed = options.seed ?? DEFAULT_TAXI_SEED;
  const batchRows = options.batchRows ?? DEFAULT_TAXI_BATCH_ROWS;
  if (!Number.isSafeInteger(rows) || rows < 0) throw new RangeError(`generateTaxi: rows must be a non-negative integer, got ${rows}`);
  if (!Number.isSafeInteger(batchRows) || batchRows <= 0) throw new RangeError(`generateTaxi: batchRows must be a positive integer, got ${batchRows}`);

  const rng = new Sfc32(seed);
  const zones = zoneTable(seed);
  const hours = samplingTable(HOUR_WEIGHTS.map((_, h) => h), HOUR_WEIGHTS);
  const passengers = samplingTable(PASSENGERS, PASSENGER_WEIGHTS);
  const payments = samplingTable(PAYMENTS, PAYMENT_WEIGHTS);

  for (let start = 0; start < rows; start += batchRows) {
    const n = Math.min(batchRows, rows - start);
    const r = new Uint32Array(n * DRAWS_PER_ROW);
    rng.fill(r);
    const vendor = new Int32Array(n);
    // int64 microseconds written as little-endian int32 halves: BigInt per row is ~10x slower.
    const pickup = new Int32Array(2 * n);
    const dropoff = new Int32Array(2 * n);
    const passenger = new Int32Array(n);
    const passengerValid = new Uint8Array((n + 7) >> 3).fill(0xff);
    const distance = new Float64Array(n);
    const pickupZone = new Int32Array(n);
    const dropoffZone = new Int32Array(n);
    const payment = new Int32Array(n);
    const fare = new Float64Array(n);
    const tip = new Float64Array(n);
    const tipValid = new Uint8Array((n + 7) >> 3).fill(0xff);
    const total = new Float64Array(n);
    let passengerNulls = 0;
    let tipNulls = 0;

    for (let i = 0; i < n; i++) {
      const o = i * DRAWS_PER_ROW;
      vendor[i] = r[o + 0]! < P_VENDOR_1 ? 1 : 2;

      const day = Math.floor(r[o + 1]! / U32 * TAXI_MONTH_DAYS);
      const hour = hours[r[o + 2]! >>> 16]!;
      const pickupS = TAXI_MONTH_START_S + day * 86400 + hour * 3600 + Math.floor(r[o + 3]! / U32 * 3600);

      let d: number;
      let durationS: number;
      if (r[o + 4]! < P_ZERO_DISTANCE) {
        d = 0;
        durationS = Math.floor(r[o + 5]! / U32 * 300);
      } else {
        d = Math.min(round2(0.1 - Math.log(1 - r[o + 6]! / U32) * 2.9), 80);
        const mph = 7 + r[o + 7]! / U32 * 18;
        durationS = Math.round((d / mph) * 3600 + 30 + r[o + 8]! / U32 * 150);
      }
      distance[i] = d;
      const pickupUs = pickupS * 1e6;
      const dropoffUs = (pickupS + durationS) * 1e6;
      pickup[2 * i] = pickupUs % U32;
      pickup[2 * i + 1] = Math.floor(pickupUs / U32);
      dropoff[2 * i] = dropoffUs % U32;
      dropoff[2 * i + 1] = Math.floor(dropoffUs / U32);

      if (r[o + 9]! < P_PASSENGER_NULL) {
        clearBit(passengerValid, i);
        passengerNulls++;
      } else {
        passenger[i] = passengers[r[o + 10]! >>> 16]!;
      }
      pickupZone[i] = zones[r[o + 11]! >>> 16]!;
      dropoffZone[i] = zones[r[o + 12]! >>> 16]!;
      const pay = payments[r[o + 13]! >>> 16]!;
      payment[i] = pay;

      let f = round2(3 + 2.5 * d + 0.7 * (durationS / 60));
      const fareKind = r[o + 14]!;
      const refund = fareKind < P_REFUND;
      if (refund) f = -f;
      else if (fareKind < P_REFUND + P_ZERO_FARE) f = 0;
      fare[i] = f;

      let t = 0;
      const tipDraw = r[o + 15]!;
      if (pay === 1 && f > 0 && tipDraw < P_CARD_TIPS) t = round2(f * (0.12 + r[o + 16]! / U32 * 0.18));
      if (r[o + 17]! < P_TIP_NULL) {
        clearBit(tipValid, i);
        tipNulls++;
        t = 0;
      } else {
        tip[i] = t;
      }
      const rush = hour >= 16 && hour < 20 ? 2.5 : 0;
      const congestion = r[o + 18]! < P_CONGESTION ? 2.5 : 0;
      const extras = 1.5 + rush + congestion;
      total[i] = round2(f + t + (refund ? -extras : f === 0 ? 0 : extras));
    }

    const ts = new arrow.TimestampMicrosecond();
    const int32 = new arrow.Int32();
    const float64 = new arrow.Float64();
    const children = [
      arrow.makeData({ type: int32, length: n, data: vendor }),
      arrow.makeData({ type: ts, length: n, data: new BigInt64Array(pickup.buffer) }),
      arrow.makeData({ type: ts, length: n, data: new BigInt64Array(dropoff.buffer) }),
      arrow.makeData({ type: int32, length: n, data: passenger, nullBitmap: passengerValid, nullCount: passengerNulls }),
      arrow.makeData({ type: float64, length: n, data: distance }),
      arrow.makeData({ type: int32, length: n, data: pickupZone }),
      arrow.makeData({ type: int32, length: n, data: dropoffZone }),
      arrow.makeData({ type: int32, length: n, data: payment }),
      arrow.makeData({ type: float64, length: n, data: fare }),
      arrow.makeData({ type: float64, length: n, data: tip, nullBitmap: tipValid, nullCount: tipNulls }),
      arrow.makeData({ type: float64, length: n, data: total }),
    ];
    yield new arrow.RecordBatch(taxiSchema, arrow.makeData({ type: new arrow.Struct(taxiSchema.fields), length: n, nullCount: 0, children }));
  }
}
