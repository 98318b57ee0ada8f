import { DataJaxError } from "@datajax/core-ir";

/** The function given to djit returned something other than a Frame. */
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
