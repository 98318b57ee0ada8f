import {
  formatType,
  isFloat,
  isInteger,
  isNumeric,
  isString,
  isTemporal,
  sameLogicalType,
  sameType,
  t,
  type DataType,
} from "../types/data-type.js";
import { promoteNumeric } from "../types/promotion.js";
import type { CallOptions } from "./expr.js";

/**
 * The group an operator belongs to (for documentation and backend tables).
 *
 * @example
 * ```ts
 * import { operatorDef, type OperatorCategory } from "@datajax/core-ir";
 *
 * const category: OperatorCategory = operatorDef("hour").category; // "datetime"
 * ```
 */
export type OperatorCategory = "arithmetic" | "comparison" | "boolean" | "null" | "cast" | "math" | "string" | "datetime" | "conditional";

/**
 * An argument as the type checker sees it.
 *
 * @example
 * ```ts
 * import { formatType, operatorDef, t, type ArgType } from "@datajax/core-ir";
 *
 * const args: ArgType[] = [{ type: t.int32, nullable: false }, { type: t.float64, nullable: true }];
 * const result = operatorDef("add").resultType(args, undefined);
 * typeof result === "string" ? result : formatType(result); // "float64"
 * ```
 */
export interface ArgType {
  /** The argument's type. */
  readonly type: DataType;
  /** Whether the argument can be null. */
  readonly nullable: boolean;
}

/**
 * How an operator treats nulls:
 * - `propagate`: any null argument gives null (SQL arithmetic and comparison);
 * - `kleene`: three-valued logic (false AND null = false, true OR null = true);
 * - `consumes`: the operator looks at nulls itself (is_null, fill_null, coalesce, if_else).
 *
 * @example
 * ```ts
 * import { operatorDef, type NullBehaviour } from "@datajax/core-ir";
 *
 * const and: NullBehaviour = operatorDef("and").nulls; // "kleene"
 * const add: NullBehaviour = operatorDef("add").nulls; // "propagate"
 * ```
 */
export type NullBehaviour = "propagate" | "kleene" | "consumes";

/**
 * The abstract evaluation rule of one primitive: which argument types it accepts and what it
 * returns. Backends keep their own tables keyed by the same names (kernels, code generators).
 *
 * @example
 * ```ts
 * import { operatorDef, type OperatorDef } from "@datajax/core-ir";
 *
 * const div: OperatorDef = operatorDef("div");
 * console.log(`${div.name} (${div.infix}): ${div.doc}`); // "div (/): true division; ..."
 * ```
 */
export interface OperatorDef {
  /** Registry name (the OpName). */
  readonly name: string;
  /** The operator's group. */
  readonly category: OperatorCategory;
  /** Fixed number of arguments, or `[min, max]` (max Infinity for variadic). */
  readonly arity: number | readonly [number, number];
  /** Printed between two arguments when set (`a + b`), else printed as `name(args)`. */
  readonly infix?: string;
  /** How the operator treats null arguments. */
  readonly nulls: NullBehaviour;
  /** Result type, or a sentence saying what is wrong with the arguments. */
  readonly resultType: (args: readonly ArgType[], options: CallOptions | undefined) => DataType | string;
  /** Whether the result can be null; defaults to "some argument can be null". */
  readonly resultNullable?: (args: readonly ArgType[], options: CallOptions | undefined) => boolean;
  /** One-line description, for documentation. */
  readonly doc: string;
}

const list = (args: readonly ArgType[]) => args.map((a) => formatType(a.type)).join(", ");
const anyNullable = (args: readonly ArgType[]) => args.some((a) => a.nullable);

function numericPair(args: readonly ArgType[]): DataType | string {
  const [a, b] = args;
  if (!isNumeric(a!.type) && a!.type.id !== "null") return `expects numbers, got ${list(args)}`;
  if (!isNumeric(b!.type) && b!.type.id !== "null") return `expects numbers, got ${list(args)}`;
  if (a!.type.id === "null" && b!.type.id === "null") return t.float64;
  return promoteNumeric(a!.type, b!.type) ?? `cannot combine ${list(args)}`;
}

function integerPair(args: readonly ArgType[]): DataType | string {
  const r = numericPair(args);
  return r;
}

/** Two values that can be compared: numbers with numbers, strings with strings, same temporal type, bools. */
function comparable(args: readonly ArgType[]): DataType | string {
  const [a, b] = args.map((x) => x.type) as [DataType, DataType];
  if (a.id === "null" || b.id === "null") return t.bool;
  if (isNumeric(a) && isNumeric(b)) return t.bool;
  if (isString(a) && isString(b)) return t.bool;
  if (a.id === "bool" && b.id === "bool") return t.bool;
  if (isTemporal(a) && sameLogicalType(a, b)) return t.bool;
  // Timestamps of different units compare as instants (a Date literal is ms, a column often us).
  if (a.id === "timestamp" && b.id === "timestamp" && (a.tz ?? null) === (b.tz ?? null)) return t.bool;
  return `cannot compare ${list(args)}`;
}

function numericUnary(args: readonly ArgType[]): DataType | string {
  const a = args[0]!.type;
  return isNumeric(a) ? a : `expects a number, got ${formatType(a)}`;
}

function floatResult(args: readonly ArgType[]): DataType | string {
  const a = args[0]!.type;
  if (!isNumeric(a)) return `expects a number, got ${formatType(a)}`;
  return a.id === "float32" ? t.float32 : t.float64;
}

function boolArgs(args: readonly ArgType[]): DataType | string {
  return args.every((a) => a.type.id === "bool" || a.type.id === "null") ? t.bool : `expects booleans, got ${list(args)}`;
}

function stringArg(args: readonly ArgType[], result: DataType): DataType | string {
  return isString(args[0]!.type) ? result : `expects a string, got ${formatType(args[0]!.type)}`;
}

function stringPair(args: readonly ArgType[]): DataType | string {
  return args.every((a) => isString(a.type)) ? t.bool : `expects two strings, got ${list(args)}`;
}

function timestampPart(args: readonly ArgType[]): DataType | string {
  const a = args[0]!.type;
  return a.id === "timestamp" ? t.int32 : `expects a timestamp, got ${formatType(a)}`;
}

function datePart(args: readonly ArgType[]): DataType | string {
  const a = args[0]!.type;
  return isTemporal(a) ? t.int32 : `expects a date or timestamp, got ${formatType(a)}`;
}

/**
 * The common type of several values (if_else branches, coalesce, fill_null): numbers promote
 * (promoteNumeric), strings stay dictionary-encoded only if all are, nulls adopt the others'
 * type (all-null gives `null`). Undefined when the types have no common type.
 *
 * @example
 * ```ts
 * import { commonType, t } from "@datajax/core-ir";
 *
 * commonType([t.int32, t.float64, t.null]); // { id: "float64" }
 * commonType([t.utf8(true), t.utf8()]); // { id: "utf8", dictionary: false }
 * commonType([t.bool, t.int32]); // undefined
 * ```
 */
export function commonType(types: readonly DataType[]): DataType | undefined {
  const known = types.filter((x) => x.id !== "null");
  if (known.length === 0) return t.null;
  let acc: DataType = known[0]!;
  for (const x of known.slice(1)) {
    if (isNumeric(acc) && isNumeric(x)) {
      const p = promoteNumeric(acc, x);
      if (!p) return undefined;
      acc = p;
    } else if (isString(acc) && isString(x)) {
      // Dictionary encoding survives only when every input has it; a mix decodes to plain utf8.
      acc = sameType(acc, x) ? acc : t.utf8(false);
    } else if (!sameLogicalType(acc, x)) {
      return undefined;
    }
  }
  return acc;
}

function castable(from: DataType, to: DataType): boolean {
  if (from.id === "null" || sameLogicalType(from, to)) return true;
  if (to.id === "utf8") return true;
  if (isNumeric(to)) return isNumeric(from) || from.id === "bool" || isString(from) || (isInteger(to) && isTemporal(from));
  if (to.id === "bool") return isNumeric(from);
  if (to.id === "timestamp") return from.id === "timestamp" || from.id === "date32" || isInteger(from);
  if (to.id === "date32") return from.id === "timestamp" || isInteger(from);
  return false;
}

const arith = (name: string, infix: string, doc: string): OperatorDef => ({
  name, category: "arithmetic", arity: 2, infix, nulls: "propagate", resultType: numericPair, doc,
});
const compare = (name: string, infix: string): OperatorDef => ({
  name, category: "comparison", arity: 2, infix, nulls: "propagate", resultType: comparable, doc: `a ${infix} b`,
});
const mathFloat = (name: string, doc: string): OperatorDef => ({
  name, category: "math", arity: 1, nulls: "propagate", resultType: floatResult, doc,
});
const part = (name: string, doc: string, rule = timestampPart): OperatorDef => ({
  name, category: "datetime", arity: 1, nulls: "propagate", resultType: rule, doc,
});

/**
 * The one registry of scalar operators. Adding an entry here makes every backend's kernel table
 * (typed `Record<OpName, ...>`) fail to compile until it handles the new operator.
 *
 * @example
 * ```ts
 * import { operators } from "@datajax/core-ir";
 *
 * operators.floordiv.doc; // "floor(a / b); integer division by zero gives null"
 * const infix = Object.values(operators).filter((d) => "infix" in d).map((d) => d.name); // ["add", "sub", ...]
 * ```
 */
export const operators = {
  add: arith("add", "+", "a + b, with numeric promotion"),
  sub: arith("sub", "-", "a - b"),
  mul: arith("mul", "*", "a * b"),
  div: {
    name: "div", category: "arithmetic", arity: 2, infix: "/", nulls: "propagate",
    resultType: (args) => {
      const r = numericPair(args);
      if (typeof r === "string") return r;
      return r.id === "float32" ? t.float32 : t.float64;
    },
    doc: "true division; the result is a float; float division by zero follows IEEE (inf, NaN)",
  },
  floordiv: {
    name: "floordiv", category: "arithmetic", arity: 2, infix: "//", nulls: "propagate",
    resultType: integerPair,
    resultNullable: (args) => anyNullable(args) || isInteger(args[1]!.type),
    doc: "floor(a / b); integer division by zero gives null",
  },
  mod: {
    name: "mod", category: "arithmetic", arity: 2, infix: "%", nulls: "propagate",
    resultType: integerPair,
    resultNullable: (args) => anyNullable(args) || isInteger(args[1]!.type),
    doc: "a - b * floor(a / b) (sign of b, as Python and Polars); integer modulo by zero gives null",
  },
  neg: { name: "neg", category: "arithmetic", arity: 1, nulls: "propagate", resultType: numericUnary, doc: "-a" },
  eq: compare("eq", "=="),
  neq: compare("neq", "!="),
  lt: compare("lt", "<"),
  lte: compare("lte", "<="),
  gt: compare("gt", ">"),
  gte: compare("gte", ">="),
  and: { name: "and", category: "boolean", arity: 2, infix: "and", nulls: "kleene", resultType: boolArgs, doc: "three-valued AND: false and null is false" },
  or: { name: "or", category: "boolean", arity: 2, infix: "or", nulls: "kleene", resultType: boolArgs, doc: "three-valued OR: true or null is true" },
  not: { name: "not", category: "boolean", arity: 1, nulls: "propagate", resultType: boolArgs, doc: "logical negation" },
  is_null: { name: "is_null", category: "null", arity: 1, nulls: "consumes", resultType: () => t.bool, resultNullable: () => false, doc: "true where the value is null" },
  is_not_null: { name: "is_not_null", category: "null", arity: 1, nulls: "consumes", resultType: () => t.bool, resultNullable: () => false, doc: "true where the value is not null" },
  fill_null: {
    name: "fill_null", category: "null", arity: 2, nulls: "consumes",
    resultType: (args) => commonType(args.map((a) => a.type)) ?? `the value and its fill must share a type, got ${list(args)}`,
    resultNullable: (args) => args.every((a) => a.nullable),
    doc: "a where a is not null, else b",
  },
  coalesce: {
    name: "coalesce", category: "null", arity: [1, Infinity], nulls: "consumes",
    resultType: (args) => commonType(args.map((a) => a.type)) ?? `all arguments must share a type, got ${list(args)}`,
    resultNullable: (args) => args.every((a) => a.nullable),
    doc: "the first non-null argument",
  },
  cast: {
    name: "cast", category: "cast", arity: 1, nulls: "propagate",
    resultType: (args, options) => {
      const to = options?.to;
      if (!to) return "needs a target type (options.to)";
      return castable(args[0]!.type, to) ? to : `cannot cast ${formatType(args[0]!.type)} to ${formatType(to)}`;
    },
    resultNullable: (args, options) => args[0]!.nullable || (isString(args[0]!.type) && options?.to?.id !== "utf8"),
    doc: "converts to options.to; strings that do not parse become null",
  },
  abs: { name: "abs", category: "math", arity: 1, nulls: "propagate", resultType: numericUnary, doc: "|a|" },
  sqrt: mathFloat("sqrt", "square root (NaN for negatives)"),
  exp: mathFloat("exp", "e^a"),
  log: mathFloat("log", "natural logarithm"),
  log10: mathFloat("log10", "base-10 logarithm"),
  pow: {
    name: "pow", category: "math", arity: 2, nulls: "propagate",
    resultType: (args) => {
      const r = numericPair(args);
      return typeof r === "string" ? r : r.id === "float32" ? t.float32 : t.float64;
    },
    doc: "a ** b as a float",
  },
  floor: { name: "floor", category: "math", arity: 1, nulls: "propagate", resultType: numericUnary, doc: "largest integer ≤ a" },
  ceil: { name: "ceil", category: "math", arity: 1, nulls: "propagate", resultType: numericUnary, doc: "smallest integer ≥ a" },
  round: { name: "round", category: "math", arity: 1, nulls: "propagate", resultType: numericUnary, doc: "rounds half away from zero to options.decimals (default 0)" },
  lower: { name: "lower", category: "string", arity: 1, nulls: "propagate", resultType: (a) => stringArg(a, t.utf8()), doc: "lower case" },
  upper: { name: "upper", category: "string", arity: 1, nulls: "propagate", resultType: (a) => stringArg(a, t.utf8()), doc: "upper case" },
  trim: { name: "trim", category: "string", arity: 1, nulls: "propagate", resultType: (a) => stringArg(a, t.utf8()), doc: "strips leading and trailing whitespace" },
  length: { name: "length", category: "string", arity: 1, nulls: "propagate", resultType: (a) => stringArg(a, t.int32), doc: "number of characters (code points)" },
  contains: { name: "contains", category: "string", arity: 2, nulls: "propagate", resultType: stringPair, doc: "a contains the substring b" },
  starts_with: { name: "starts_with", category: "string", arity: 2, nulls: "propagate", resultType: stringPair, doc: "a starts with b" },
  ends_with: { name: "ends_with", category: "string", arity: 2, nulls: "propagate", resultType: stringPair, doc: "a ends with b" },
  concat: {
    name: "concat", category: "string", arity: [1, Infinity], nulls: "propagate",
    resultType: (args) => (args.every((a) => isString(a.type)) ? t.utf8() : `expects strings, got ${list(args)}; cast numbers with .cast(t.utf8()) first`),
    doc: "concatenation of strings",
  },
  substring: {
    name: "substring", category: "string", arity: 3, nulls: "propagate",
    resultType: (args) =>
      isString(args[0]!.type) && isInteger(args[1]!.type) && isInteger(args[2]!.type) ? t.utf8() : `expects (utf8, integer start, integer length), got ${list(args)}`,
    doc: "the `length` characters from 0-based `start`",
  },
  year: part("year", "calendar year", datePart),
  month: part("month", "month 1..12", datePart),
  day: part("day", "day of month 1..31", datePart),
  weekday: part("weekday", "ISO day of week, Monday = 1 .. Sunday = 7", datePart),
  day_of_year: part("day_of_year", "day of year 1..366", datePart),
  hour: part("hour", "hour 0..23"),
  minute: part("minute", "minute 0..59"),
  second: part("second", "second 0..59"),
  if_else: {
    name: "if_else", category: "conditional", arity: 3, nulls: "consumes",
    resultType: (args) => {
      if (args[0]!.type.id !== "bool" && args[0]!.type.id !== "null") return `the condition must be a bool, got ${formatType(args[0]!.type)}`;
      return commonType([args[1]!.type, args[2]!.type]) ?? `both branches must share a type, got ${list(args.slice(1))}`;
    },
    resultNullable: (args) => args[1]!.nullable || args[2]!.nullable,
    doc: "when(cond).then(a).otherwise(b); a null condition takes the otherwise branch (SQL CASE)",
  },
} satisfies Record<string, OperatorDef>;

/**
 * The name of a registered scalar operator (`"add"`, `"cast"`, `"if_else"`...).
 *
 * @example
 * ```ts
 * import { Expr, t, type OpName } from "@datajax/core-ir";
 *
 * const op: OpName = "gte";
 * const atLeastTen = Expr.call(op, [Expr.column("fare_amount"), Expr.literal(10, t.float64)]);
 * ```
 */
export type OpName = keyof typeof operators;

/**
 * Looks up an operator definition by name.
 *
 * @example
 * ```ts
 * import { operatorDef } from "@datajax/core-ir";
 *
 * operatorDef("mod").infix; // "%"
 * operatorDef("coalesce").arity; // [1, Infinity]
 * ```
 */
export function operatorDef(op: OpName): OperatorDef {
  return operators[op];
}

/**
 * Whether `name` is a registered operator name (narrows it to OpName).
 *
 * @example
 * ```ts
 * import { isOpName, operatorDef } from "@datajax/core-ir";
 *
 * const name: string = "sqrt";
 * if (isOpName(name)) console.log(operatorDef(name).doc); // "square root (NaN for negatives)"
 * isOpName("median"); // false
 * ```
 */
export function isOpName(name: string): name is OpName {
  return Object.hasOwn(operators, name);
}

export { isFloat };
