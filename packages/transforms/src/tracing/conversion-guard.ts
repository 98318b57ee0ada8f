import { TracerConversionError } from "../errors/tracer-conversion-error.js";

/** What a guarded tracer must provide: a short description for error messages. */
export interface Describable {
  describe(): string;
}

const INSPECT = Symbol.for("nodejs.util.inspect.custom");

/**
 * Makes every implicit conversion of a tracer class throw TracerConversionError: `valueOf`,
 * `toString`, `toJSON`, `Symbol.toPrimitive` (template strings, `+`, `<`, `==`) and
 * `Symbol.iterator` (spread, `for...of`, destructuring). The hooks are installed on the
 * prototype, non-enumerable, so they do not widen the class's TypeScript type (a Frame is not
 * typed as iterable). `console.log` still works through Node's inspect hook.
 */
export function guardConversions(prototype: Describable, tracer: "Frame" | "Series"): void {
  const thrower = (conversion: string) =>
    function (this: Describable): never {
      throw new TracerConversionError(tracer, this.describe(), conversion);
    };
  const hooks: [PropertyKey, string][] = [
    ["valueOf", "valueOf()"],
    ["toString", "toString() (String(x) or a template string)"],
    ["toJSON", "toJSON() (JSON.stringify)"],
    [Symbol.toPrimitive, "Symbol.toPrimitive (a template string, +, <, > or == with a primitive)"],
    [Symbol.iterator, "Symbol.iterator (spread, for...of or destructuring)"],
  ];
  for (const [key, conversion] of hooks) {
    Object.defineProperty(prototype, key, { value: thrower(conversion), writable: false, enumerable: false, configurable: false });
  }
  Object.defineProperty(prototype, INSPECT, {
    value(this: Describable) {
      return `${tracer}<${this.describe()}>`;
    },
    enumerable: false,
  });
}
