import { DataJaxError } from "@datajax/core-ir";

/** Largest key range a dense group index is allocated for (the tuned loops' contract). */
export const MAX_DENSE_KEYS = 1 << 22;

/** The keys span more values than a dense group index may hold. */
export class DenseKeyDomainTooLargeError extends DataJaxError {
  constructor(column: string, min: number, max: number) {
    super(
      "DJX_BENCH_DENSE_KEY_DOMAIN",
      `${column} spans ${min}..${max} (${max - min + 1} values), more than the ${MAX_DENSE_KEYS} a dense group index holds; ` +
        "the tuned loops are written for small key domains such as taxi zones: use the straightforward loops for this data.",
    );
  }
}
