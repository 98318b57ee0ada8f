import { DataJaxError } from "@datajax/core-ir";

/**
 * The function given to djit (or vmap) returned something other than a Frame (code
 * `DJX_TRACE_OUTPUT`): a forgotten `return`, a Promise from an async function, a Series.
 *
 * @example
 * ```ts
 * import { tableFromArrays } from "apache-arrow";
 * import { djit, TraceOutputError, type Frame } from "@datajax/transforms";
 * const forgot = ((trips: Frame) => { trips.head(3); }) as unknown as (trips: Frame) => Frame; // no `return`
 * try {
 *   djit(forgot).lower(tableFromArrays({ fare: Float64Array.from([1]) }));
 * } catch (err) {
 *   if (err instanceof TraceOutputError) console.log(err.code); // "DJX_TRACE_OUTPUT"
 * }
 * ```
 */
export class TraceOutputError extends DataJaxError {
  constructor(functionName: string, got: unknown) {
    super(
      "DJX_TRACE_OUTPUT",
      `djit(${functionName}): the traced function must return a Frame, got ${describeValue(got)}. ` +
        "Return the frame you built, e.g. (trips) => trips.filter(...).select(...); " +
        "an async function returns a Promise, which djit cannot trace.",
    );
  }
}

function describeValue(x: unknown): string {
  if (x === null) return "null";
  if (x === undefined) return "undefined (did you forget `return`?)";
  if (typeof x === "object") {
    if (typeof (x as { then?: unknown }).then === "function") return "a Promise";
    return `an object of type ${(x as object).constructor?.name ?? "Object"}`;
  }
  return `a ${typeof x}`;
}
