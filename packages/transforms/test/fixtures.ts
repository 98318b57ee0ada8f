import { field, schema, t } from "@datajax/core-ir";
import { Frame } from "../src/index.js";

/** The taxi trips schema of DESIGN §9 (a subset). */
export const tripsSchema = schema([
  field("VendorID", t.int32, false),
  field("tpep_pickup_datetime", t.timestamp("us"), false),
  field("PULocationID", t.int32, false),
  field("fare_amount", t.float64),
  field("tip_amount", t.float64),
  field("total_amount", t.float64),
  field("trip_distance", t.float64),
  field("store_and_fwd_flag", t.utf8()),
]);

export const trips = (): Frame => Frame.fromSchema("trips", tripsSchema);
