import { isFloat, isInteger, sameLogicalType, type DataType, type OpName, type TypedExpr } from "@datajax/core-ir";
import { UNITS_PER_SECOND, unitsPerDay } from "../scalar/datetime.js";
import { anyNull, orNull, placeholderOf, type KernelSource, type Operand } from "./kernel-source.js";

type CallExpr = Extract<TypedExpr, { kind: "call" }>;

/** Emits the code of one operator applied to already-emitted arguments. */
export type OperatorEmitter = (args: readonly Operand[], call: CallExpr, src: KernelSource) => Operand;

/** Wraps an integer result to its type's width, as Arrow integer arithmetic does. */
export function wrapInteger(type: DataType, code: string): string {
  switch (type.id) {
    case "int8": return `((${code}) << 24 >> 24)`;
    case "int16": return `((${code}) << 16 >> 16)`;
    case "int32": return `((${code}) | 0)`;
    case "uint8": return `((${code}) & 255)`;
    case "uint16": return `((${code}) & 65535)`;
    case "uint32": return `((${code}) >>> 0)`;
    default: return code;
  }
}

const arithmetic = (op: string): OperatorEmitter => ([a, b], call, src) =>
  src.bind(wrapInteger(call.type, `${a!.value} ${op} ${b!.value}`), anyNull([a!, b!]), call.type);

/** Timestamps of different units: the coarser side is scaled to the finer unit (exact below 2^53). */
function sameUnit(a: Operand, b: Operand): [string, string] {
  if (a.type.id !== "timestamp" || b.type.id !== "timestamp" || a.type.unit === b.type.unit) return [a.value, b.value];
  const ua = UNITS_PER_SECOND[a.type.unit];
  const ub = UNITS_PER_SECOND[b.type.unit];
  return ua < ub ? [`(${a.value} * ${ub / ua})`, b.value] : [a.value, `(${b.value} * ${ua / ub})`];
}

const comparison = (op: string): OperatorEmitter => ([a, b], call, src) => {
  const [x, y] = sameUnit(a!, b!);
  return src.bind(`${x} ${op} ${y}`, anyNull([a!, b!]), call.type);
};

const math = (fn: string): OperatorEmitter => ([a], call, src) => src.bind(`Math.${fn}(${a!.value})`, a!.isNull, call.type);

const stringMethod = (method: string): OperatorEmitter => (args, call, src) =>
  src.bind(`${args[0]!.value}.${method}(${args.slice(1).map((a) => a.value).join(", ")})`, anyNull(args), call.type);

/** Days since the epoch of a date32 or timestamp operand. */
function daysOf(a: Operand): string {
  return a.type.id === "timestamp" ? `Math.floor(${a.value} / ${unitsPerDay(a.type.unit)})` : a.value;
}

const datePart = (fn: string): OperatorEmitter => ([a], call, src) => src.bind(`rt.${fn}(${daysOf(a!)})`, a!.isNull, call.type);

/**
 * hour/minute/second: `floor(timeOfDay / per) % modulo`. The quotient is below 86400 / per, so it
 * is a small integer: int32 arithmetic (no float modulo), and no modulo at all for the hour.
 */
const timePart = (perSeconds: number, modulo: number): OperatorEmitter => ([a], call, src) => {
  if (a!.type.id !== "timestamp") throw new Error(`backend-local: ${call.op} needs a timestamp`);
  const ups = UNITS_PER_SECOND[a!.type.unit];
  const day = ups * 86400;
  const tod = src.local("t");
  src.emit(`const ${tod} = ${a!.value} - Math.floor(${a!.value} / ${day}) * ${day};`);
  const quotient = `(Math.floor(${tod} / ${ups * perSeconds}) | 0)`;
  return src.bind(86400 / perSeconds === modulo ? quotient : `${quotient} % ${modulo}`, a!.isNull, call.type);
};

function integerDivision(kind: "floordiv" | "mod"): OperatorEmitter {
  return ([a, b], call, src) => {
    const intResult = isInteger(call.type);
    if (kind === "floordiv") {
      const value = intResult ? wrapInteger(call.type, `Math.floor(${a!.value} / ${b!.value})`) : `Math.floor(${a!.value} / ${b!.value})`;
      return src.bind(value, intResult ? orNull(anyNull([a!, b!]), `${b!.value} === 0`) : anyNull([a!, b!]), call.type);
    }
    const r = src.local("r");
    src.emit(`const ${r} = ${a!.value} % ${b!.value};`);
    return src.bind(
      `(${r} !== 0 && (${r} < 0) !== (${b!.value} < 0)) ? ${r} + ${b!.value} : ${r}`,
      intResult ? orNull(anyNull([a!, b!]), `${b!.value} === 0`) : anyNull([a!, b!]),
      call.type,
    );
  };
}

/** cast: every conversion the type checker accepts (see core-ir operators.cast). */
const cast: OperatorEmitter = ([a], call, src) => {
  const to = call.type;
  const from = a!.type;
  if (from.id === "null") return { value: placeholderOf(to), isNull: "true", type: to };
  if (sameLogicalType(from, to) && !(from.id === "timestamp" && to.id === "timestamp" && from.unit !== to.unit)) return { ...a!, type: to };
  const v = a!.value;
  const checked = (code: string) => {
    const out = src.local("v");
    src.emit(`const ${out} = ${code};`);
    return src.bind(out, orNull(a!.isNull, `${out} !== ${out}`), to);
  };
  if (to.id === "utf8") {
    if (from.id === "bool") return src.bind(`(${v} ? "true" : "false")`, a!.isNull, to);
    if (from.id === "date32" || from.id === "timestamp") return src.bind(`rt.formatValue(${v}, ${src.hoist(JSON.stringify(from))})`, a!.isNull, to);
    return src.bind(`String(${v})`, a!.isNull, to);
  }
  if (isInteger(to)) {
    const toType = src.hoist(JSON.stringify(to));
    if (from.id === "utf8") return checked(`rt.toInteger(rt.parseInteger(${v}), ${toType})`);
    if (from.id === "bool") return src.bind(`(${v} ? 1 : 0)`, a!.isNull, to);
    return checked(`rt.toInteger(${v}, ${toType})`);
  }
  if (isFloat(to)) {
    if (from.id === "utf8") {
      const p = src.local("p");
      src.emit(`const ${p} = rt.parseFloatOrNull(${v});`);
      return src.bind(`${p} === null ? 0 : ${p}`, orNull(a!.isNull, `${p} === null`), to);
    }
    if (from.id === "bool") return src.bind(`(${v} ? 1 : 0)`, a!.isNull, to);
    return src.bind(to.id === "float32" ? `Math.fround(${v})` : v, a!.isNull, to);
  }
  if (to.id === "bool") return src.bind(`${v} !== 0`, a!.isNull, to);
  if (to.id === "timestamp") {
    if (from.id === "timestamp") {
      const ratio = UNITS_PER_SECOND[to.unit] / UNITS_PER_SECOND[from.unit];
      return src.bind(ratio >= 1 ? `${v} * ${ratio}` : `Math.floor(${v} / ${1 / ratio})`, a!.isNull, to);
    }
    if (from.id === "date32") return src.bind(`${v} * ${unitsPerDay(to.unit)}`, a!.isNull, to);
    return src.bind(v, a!.isNull, to);
  }
  if (to.id === "date32") {
    if (from.id === "timestamp") return src.bind(`Math.floor(${v} / ${unitsPerDay(from.unit)})`, a!.isNull, to);
    return checked(`rt.toInteger(${v}, ${src.hoist('{"id":"int32"}')})`);
  }
  throw new Error(`backend-local: no cast from ${from.id} to ${to.id}`);
};

const fillNull = (a: Operand, b: Operand, type: DataType, src: KernelSource): Operand => {
  if (a.isNull === "false") return { ...a, type };
  if (a.isNull === "true") return { ...b, type };
  return src.bind(`${a.isNull} ? ${b.value} : ${a.value}`, b.isNull === "false" ? "false" : `${a.isNull} && ${b.isNull}`, type);
};

/** One code generator per registry operator: a new operator in core-ir fails to compile here. */
export const operatorEmitters: Record<OpName, OperatorEmitter> = {
  add: arithmetic("+"),
  sub: arithmetic("-"),
  mul: ([a, b], call, src) => {
    const t = call.type.id;
    const value = t === "int32" ? `Math.imul(${a!.value}, ${b!.value})` : t === "uint32" ? `(Math.imul(${a!.value}, ${b!.value}) >>> 0)` : wrapInteger(call.type, `${a!.value} * ${b!.value}`);
    return src.bind(value, anyNull([a!, b!]), call.type);
  },
  div: ([a, b], call, src) => src.bind(`${a!.value} / ${b!.value}`, anyNull([a!, b!]), call.type),
  floordiv: integerDivision("floordiv"),
  mod: integerDivision("mod"),
  neg: ([a], call, src) => src.bind(wrapInteger(call.type, `-${a!.value}`), a!.isNull, call.type),
  eq: comparison("==="),
  neq: comparison("!=="),
  lt: comparison("<"),
  lte: comparison("<="),
  gt: comparison(">"),
  gte: comparison(">="),
  and: ([a, b], call, src) => {
    if (a!.isNull === "false" && b!.isNull === "false") return src.bind(`${a!.value} && ${b!.value}`, "false", call.type);
    const f = `((!${a!.isNull} && !${a!.value}) || (!${b!.isNull} && !${b!.value}))`;
    const definitelyFalse = src.local("f");
    src.emit(`const ${definitelyFalse} = ${f};`);
    return src.bind(`!${definitelyFalse} && ${a!.value} && ${b!.value}`, `!${definitelyFalse} && ${orNull(a!.isNull, b!.isNull)}`, call.type);
  },
  or: ([a, b], call, src) => {
    if (a!.isNull === "false" && b!.isNull === "false") return src.bind(`${a!.value} || ${b!.value}`, "false", call.type);
    const definitelyTrue = src.local("f");
    src.emit(`const ${definitelyTrue} = (!${a!.isNull} && ${a!.value}) || (!${b!.isNull} && ${b!.value});`);
    return src.bind(`${definitelyTrue}`, `!${definitelyTrue} && ${orNull(a!.isNull, b!.isNull)}`, call.type);
  },
  not: ([a], call, src) => src.bind(`!${a!.value}`, a!.isNull, call.type),
  is_null: ([a], call, src) => src.bind(a!.isNull, "false", call.type),
  is_not_null: ([a], call, src) => src.bind(`!(${a!.isNull})`, "false", call.type),
  fill_null: ([a, b], call, src) => fillNull(a!, b!, call.type, src),
  coalesce: (args, call, src) => {
    let acc = args[args.length - 1]!;
    for (let i = args.length - 2; i >= 0; i--) acc = fillNull(args[i]!, acc, call.type, src);
    return { ...acc, type: call.type };
  },
  cast,
  abs: math("abs"),
  sqrt: math("sqrt"),
  exp: math("exp"),
  log: math("log"),
  log10: math("log10"),
  pow: ([a, b], call, src) => src.bind(`Math.pow(${a!.value}, ${b!.value})`, anyNull([a!, b!]), call.type),
  floor: ([a], call, src) => (isInteger(call.type) ? a! : src.bind(`Math.floor(${a!.value})`, a!.isNull, call.type)),
  ceil: ([a], call, src) => (isInteger(call.type) ? a! : src.bind(`Math.ceil(${a!.value})`, a!.isNull, call.type)),
  round: ([a], call, src) => {
    const decimals = call.options?.decimals ?? 0;
    if (isInteger(call.type) && decimals >= 0) return a!;
    return src.bind(wrapInteger(call.type, `rt.roundHalfAway(${a!.value}, ${decimals})`), a!.isNull, call.type);
  },
  lower: stringMethod("toLowerCase"),
  upper: stringMethod("toUpperCase"),
  trim: stringMethod("trim"),
  length: ([a], call, src) => src.bind(`rt.codePointLength(${a!.value})`, a!.isNull, call.type),
  contains: stringMethod("includes"),
  starts_with: stringMethod("startsWith"),
  ends_with: stringMethod("endsWith"),
  concat: (args, call, src) => src.bind(`(${args.map((a) => `${a.value}`).join(" + ")})`, anyNull(args), call.type),
  substring: ([s, start, len], call, src) => src.bind(`rt.substring(${s!.value}, ${start!.value}, ${len!.value})`, anyNull([s!, start!, len!]), call.type),
  year: datePart("yearOfDays"),
  month: datePart("monthOfDays"),
  day: datePart("dayOfDays"),
  weekday: datePart("weekdayOfDays"),
  day_of_year: datePart("dayOfYearOfDays"),
  hour: timePart(3600, 24),
  minute: timePart(60, 60),
  second: timePart(1, 60),
  if_else: ([c, a, b], call, src) => {
    const taken = src.local("w");
    src.emit(`const ${taken} = ${c!.isNull === "false" ? c!.value : `!${c!.isNull} && ${c!.value}`};`);
    const isNull = a!.isNull === "false" && b!.isNull === "false" ? "false" : `(${taken} ? ${a!.isNull} : ${b!.isNull})`;
    return src.bind(`${taken} ? ${a!.value} : ${b!.value}`, isNull, call.type);
  },
};
