import { DataJaxError } from "@datajax/core-ir";

/**
 * A tracer (Frame or Series) was converted to a plain JavaScript value. Tracers stand for data
 * that does not exist while a function is traced, so JavaScript control flow on them cannot be
 * recorded. Thrown from `valueOf`, `toString`, `toJSON`, `Symbol.toPrimitive` and
 * `Symbol.iterator` (template strings, `+`, `<`, `==` with a primitive, spreading, `for...of`).
 *
 * Plain truthiness (`if (series)`, `series && x`, `!series`) never calls any of those hooks, so
 * JavaScript cannot intercept it: a tracer object is always truthy. Use `when(...).then(...).otherwise(...)`
 * or `frame.filter(...)` instead of `if`/`?:` on traced values. Code `DJX_TRACER_CONVERSION`.
 *
 * @example
 * ```ts
 * import { col, TracerConversionError } from "@datajax/transforms";
 * try {
 *   console.log(`fare is ${col("fare")}`); // a template string needs a value: there is none yet
 * } catch (err) {
 *   if (err instanceof TracerConversionError) console.log(err.tracer, err.conversion); // "Series", ...
 * }
 * console.log(col("fare").describe()); // "fare": the way to print a Series
 * ```
 */
export class TracerConversionError extends DataJaxError {
  /** `Frame` or `Series`. */
  readonly tracer: string;
  /** The conversion that was attempted (`valueOf`, `toString`, `a template string or +`, ...). */
  readonly conversion: string;
  constructor(tracer: "Frame" | "Series", description: string, conversion: string) {
    super(
      "DJX_TRACER_CONVERSION",
      `cannot convert a traced ${tracer} (${description}) to a JavaScript value through ${conversion}. ` +
        `A ${tracer} is an abstract value: it carries a schema and a sharding, never data, so control flow on traced data ` +
        "(if, ?:, &&, ||, <, ==, template strings, loops) is not traceable. " +
        "To choose values per row use when(cond).then(a).otherwise(b); to keep rows use frame.filter(cond); " +
        "to compare or combine columns use the Series methods (.gt, .eq, .and, ...). " +
        "To look at the traced plan, use frame.explain() or f.lower(...args).text; to see data, run the jitted function.",
    );
    this.tracer = tracer;
    this.conversion = conversion;
  }
}
