import { DataJaxError, type UdfImplementation } from "@datajax/core-ir";

/**
 * User functions for CustomUDF nodes, by name. Refuses silent overrides (as Arquero's registry
 * does): registering a taken name throws DataJaxError `DJX_UDF_EXISTS` unless `override` is set.
 *
 * @example
 * ```ts
 * import { UdfRegistry } from "@datajax/runtime";
 * import { djit, t, type Frame } from "@datajax/datajax";
 *
 * const udfs = new UdfRegistry();
 * udfs.register("fare_per_mile", { mode: "row", fn: (r) => ({ fpm: Number(r.fare_amount) / Number(r.trip_distance) }) });
 * const fpm = djit((trips: Frame) => trips.udf("fare_per_mile", { mode: "row", reads: ["fare_amount", "trip_distance"], outputSchema: { fpm: t.float64 } }), { udfs });
 * ```
 */
export class UdfRegistry {
  private readonly entries = new Map<string, UdfImplementation>();

  /** Registers `impl` under `name`; throws `DJX_UDF_EXISTS` when the name is taken, unless `options.override`. */
  register(name: string, impl: UdfImplementation, options: { override?: boolean } = {}): void {
    if (this.entries.has(name) && !options.override) {
      throw new DataJaxError("DJX_UDF_EXISTS", `a user function named "${name}" is already registered; pass { override: true } to replace it.`);
    }
    this.entries.set(name, impl);
  }

  /** The implementation registered under `name`, or undefined. */
  get(name: string): UdfImplementation | undefined {
    return this.entries.get(name);
  }

  /** Every registration, by name (a live view, not a copy): what `RunOptions.udfs` takes. */
  asMap(): ReadonlyMap<string, UdfImplementation> {
    return this.entries;
  }
}
