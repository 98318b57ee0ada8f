import {
  formatType,
  isInteger,
  isString,
  promoteNumeric,
  resolveExpr,
  t,
  type DataType,
  type Expr,
  type OpName,
  type Schema,
  type TimeUnit,
  type TypedExpr,
} from "@datajax/core-ir";
import { ExprOp, INSTRUCTION_WORDS, type ExprOpCode } from "./expr-opcodes.js";
import { PhysType, physTypeOf, type PhysTypeCode } from "./physical-type.js";
import { UnsupportedExpressionError } from "./unsupported-expression-error.js";

/**
 * A compiled expression program, the input of the native expression kernels: fixed-width
 * instructions over registers (see native/src/kernels_expr_eval.h). Input slot k reads schema
 * column `inputColumns[k]`; output k is register `outputRegisters[k]` of type `outputs[k].type`.
 *
 * @example
 * ```ts
 * import { Expr, field, schema, t } from "@datajax/core-ir";
 * import { compileExprProgram } from "@datajax/backend-spmd-native";
 *
 * const s = schema([field("fare", t.float64), field("miles", t.float64)]);
 * const p = compileExprProgram([Expr.call("div", [Expr.column("fare"), Expr.column("miles")])], s);
 * p.inputColumns; // [0, 1]
 * ```
 */
export interface ExprProgram {
  /** Instructions, INSTRUCTION_WORDS int32 words each. */
  readonly code: Int32Array;
  /** Registers the program uses. */
  readonly registers: number;
  /** float64 constants (every non-64-bit-integer literal). */
  readonly constants: Float64Array;
  /** int64/uint64/timestamp literals (uint64 as its bits). */
  readonly wideConstants: BigInt64Array;
  /** Physical type of each input slot. */
  readonly inputTypes: Int32Array;
  /** Schema column index each input slot reads. */
  readonly inputColumns: readonly number[];
  /** The register of each output. */
  readonly outputRegisters: Int32Array;
  /** Physical type of each output. */
  readonly outputTypes: Int32Array;
  /** DataJAX type and nullability of each output (the typed expressions'). */
  readonly outputs: readonly { readonly type: DataType; readonly nullable: boolean }[];
}

const UNITS_PER_SECOND: Record<TimeUnit, number> = { s: 1, ms: 1e3, us: 1e6, ns: 1e9 };
const unitsPerDay = (u: TimeUnit) => UNITS_PER_SECOND[u] * 86400;

type CallExpr = Extract<TypedExpr, { kind: "call" }>;

/** A value in a virtual register. */
interface Operand {
  readonly reg: number;
  readonly phys: PhysTypeCode;
  readonly type: DataType;
}

/** Load's operand is an input slot and Const's are (constant index, is-null flag): not registers. */
interface Instruction {
  readonly op: ExprOpCode;
  readonly type: PhysTypeCode;
  readonly dst: number;
  readonly args: readonly number[];
  readonly imm: number;
}

const readsRegisters = (ins: Instruction) => ins.op !== ExprOp.Load && ins.op !== ExprOp.Const;

const STRING_OPS: ReadonlySet<OpName> = new Set(["lower", "upper", "trim", "length", "contains", "starts_with", "ends_with", "concat", "substring"]);

/** Every operator or operand of `e` the kernels cannot evaluate, appended to `out` once each. */
function unsupportedParts(e: TypedExpr, out: string[]): string[] {
  const add = (s: string) => {
    if (!out.includes(s)) out.push(s);
  };
  if (e.kind === "column") {
    if (physTypeOf(e.type) === undefined && e.type.id !== "null") add(`${formatType(e.type)} column ${e.name}`);
  } else if (e.kind === "literal") {
    if (isString(e.type)) add("utf8 literal");
  } else {
    if (STRING_OPS.has(e.op)) add(e.op);
    else if (e.op === "cast" && (isString(e.type) || e.args.some((a) => isString(a.type)))) add("cast to or from utf8");
    else if (isString(e.type)) add(`${e.op} on utf8`);
    for (const a of e.args) unsupportedParts(a, out);
  }
  return out;
}

/** Builds the instruction list over virtual registers, sharing equal instructions (CSE). */
class ProgramBuilder {
  readonly instructions: Instruction[] = [];
  readonly constants: number[] = [];
  readonly wideConstants: bigint[] = [];
  readonly inputColumns: number[] = [];
  readonly inputTypes: PhysTypeCode[] = [];
  readonly pinned = new Set<number>();
  private vregs = 0;
  private readonly memo = new Map<string, number>();

  emit(op: ExprOpCode, type: PhysTypeCode, args: readonly number[], imm = 0): number {
    const key = `${op}:${type}:${args.join(",")}:${imm}`;
    const seen = this.memo.get(key);
    if (seen !== undefined) return seen;
    const dst = this.vregs++;
    this.instructions.push({ op, type, dst, args, imm });
    this.memo.set(key, dst);
    return dst;
  }

  load(column: number, type: DataType): Operand {
    const phys = physTypeOf(type)!;
    let slot = this.inputColumns.indexOf(column);
    if (slot < 0) {
      slot = this.inputColumns.length;
      this.inputColumns.push(column);
      this.inputTypes.push(phys);
    }
    return { reg: this.emit(ExprOp.Load, phys, [slot]), phys, type };
  }

  /** A literal (null when `value` is null) of `type`, as a constant register. */
  constant(value: number | bigint | boolean | null, type: DataType): Operand {
    const phys = physTypeOf(type) ?? PhysType.Float64;
    let reg: number;
    if (value === null) reg = this.emit(ExprOp.Const, phys, [0, 1]);
    else if (phys === PhysType.Int64 || phys === PhysType.Uint64) {
      const v = BigInt.asIntN(64, typeof value === "bigint" ? value : BigInt(Math.trunc(Number(value))));
      let at = this.wideConstants.indexOf(v);
      if (at < 0) at = this.wideConstants.push(v) - 1;
      reg = this.emit(ExprOp.Const, phys, [at, 0]);
    } else {
      const v = typeof value === "boolean" ? (value ? 1 : 0) : Number(value);
      let at = this.constants.findIndex((c) => Object.is(c, v));
      if (at < 0) at = this.constants.push(v) - 1;
      reg = this.emit(ExprOp.Const, phys, [at, 0]);
    }
    this.pinned.add(reg);
    return { reg, phys, type };
  }
}

function timestampUnit(type: DataType): TimeUnit {
  return type.id === "timestamp" ? type.unit : "us";
}

/** Expression compiler: typed expressions → instructions, with the casts DESIGN's promotion implies. */
class ExprCompiler {
  constructor(readonly b: ProgramBuilder) {}

  compile(e: TypedExpr): Operand {
    switch (e.kind) {
      case "column":
        if (e.type.id === "null") return this.b.constant(null, t.float64);
        return this.b.load(e.index, e.type);
      case "literal":
        if (e.value === null || e.type.id === "null") return this.b.constant(null, e.type.id === "null" ? t.float64 : e.type);
        return this.b.constant(e.value as number | bigint | boolean, e.type);
      case "call":
        return this.call(e);
    }
  }

  /** `x` converted to `to` (a cast for another physical type, unit scaling for timestamps). */
  convert(x: Operand, to: DataType): Operand {
    const phys = physTypeOf(to) ?? PhysType.Float64;
    if (x.type.id === "timestamp" && to.id === "timestamp" && x.type.unit !== to.unit) {
      const ratio = UNITS_PER_SECOND[to.unit] / UNITS_PER_SECOND[x.type.unit];
      const reg = ratio >= 1 ? this.b.emit(ExprOp.MulConst, PhysType.Int64, [x.reg], ratio) : this.b.emit(ExprOp.FloorDivConst, PhysType.Int64, [x.reg], 1 / ratio);
      return { reg, phys, type: to };
    }
    if (x.type.id === "date32" && to.id === "timestamp") {
      const wide = this.b.emit(ExprOp.Cast, PhysType.Int32, [x.reg], PhysType.Int64);
      return { reg: this.b.emit(ExprOp.MulConst, PhysType.Int64, [wide], unitsPerDay(to.unit)), phys, type: to };
    }
    if (x.type.id === "timestamp" && to.id === "date32") {
      const days = this.b.emit(ExprOp.FloorDivConst, PhysType.Int64, [x.reg], unitsPerDay(x.type.unit));
      return { reg: this.b.emit(ExprOp.Cast, PhysType.Int64, [days], PhysType.Int32), phys, type: to };
    }
    if (x.phys === phys) return { ...x, type: to };
    return { reg: this.b.emit(ExprOp.Cast, x.phys, [x.reg], phys), phys, type: to };
  }

  private unary(op: ExprOpCode, x: Operand, type: DataType, imm = 0): Operand {
    const phys = physTypeOf(type)!;
    return { reg: this.b.emit(op, phys, [x.reg], imm), phys, type };
  }

  private binary(op: ExprOpCode, x: Operand, y: Operand, type: DataType): Operand {
    const phys = physTypeOf(type)!;
    const a = this.convert(x, type);
    const c = this.convert(y, type);
    return { reg: this.b.emit(op, phys, [a.reg, c.reg]), phys, type };
  }

  /** The type two compared operands are brought to. */
  private comparisonType(x: DataType, y: DataType): DataType {
    if (x.id === "null") return y.id === "null" ? t.float64 : y;
    if (y.id === "null") return x;
    if (x.id === "timestamp" && y.id === "timestamp") return UNITS_PER_SECOND[x.unit] >= UNITS_PER_SECOND[y.unit] ? x : y;
    return promoteNumeric(x, y) ?? x;
  }

  private call(e: CallExpr): Operand {
    const args = e.args.map((a) => this.compile(a));
    const [x, y, z] = args;
    const type = e.type.id === "null" ? t.float64 : e.type;
    const b = this.b;
    const bool = (reg: number): Operand => ({ reg, phys: PhysType.Bool, type: t.bool });
    switch (e.op) {
      case "add": return this.binary(ExprOp.Add, x!, y!, type);
      case "sub": return this.binary(ExprOp.Sub, x!, y!, type);
      case "mul": return this.binary(ExprOp.Mul, x!, y!, type);
      case "div": return this.binary(ExprOp.Div, x!, y!, type);
      case "floordiv": return this.binary(ExprOp.FloorDiv, x!, y!, type);
      case "mod": return this.binary(ExprOp.Mod, x!, y!, type);
      case "pow": return this.binary(ExprOp.Pow, x!, y!, type);
      case "neg": return this.unary(ExprOp.Neg, this.convert(x!, type), type);
      case "abs": return this.unary(ExprOp.Abs, this.convert(x!, type), type);
      case "sqrt": return this.unary(ExprOp.Sqrt, this.convert(x!, type), type);
      case "exp": return this.unary(ExprOp.Exp, this.convert(x!, type), type);
      case "log": return this.unary(ExprOp.Log, this.convert(x!, type), type);
      case "log10": return this.unary(ExprOp.Log10, this.convert(x!, type), type);
      case "floor": return isInteger(type) ? this.convert(x!, type) : this.unary(ExprOp.Floor, this.convert(x!, type), type);
      case "ceil": return isInteger(type) ? this.convert(x!, type) : this.unary(ExprOp.Ceil, this.convert(x!, type), type);
      case "round": {
        const decimals = e.options?.decimals ?? 0;
        if (isInteger(type) && decimals >= 0) return this.convert(x!, type);
        return this.unary(ExprOp.Round, this.convert(x!, type), type, decimals);
      }
      case "eq": case "neq": case "lt": case "lte": case "gt": case "gte": {
        const ct = this.comparisonType(x!.type, y!.type);
        const op = { eq: ExprOp.Eq, neq: ExprOp.Neq, lt: ExprOp.Lt, lte: ExprOp.Lte, gt: ExprOp.Gt, gte: ExprOp.Gte }[e.op];
        const p = this.convert(x!, ct);
        const q = this.convert(y!, ct);
        return bool(b.emit(op, p.phys, [p.reg, q.reg]));
      }
      case "and": case "or": {
        const p = this.convert(x!, t.bool);
        const q = this.convert(y!, t.bool);
        return bool(b.emit(e.op === "and" ? ExprOp.And : ExprOp.Or, PhysType.Bool, [p.reg, q.reg]));
      }
      case "not": return bool(b.emit(ExprOp.Not, PhysType.Bool, [this.convert(x!, t.bool).reg]));
      case "is_null": return bool(b.emit(ExprOp.IsNull, x!.phys, [x!.reg]));
      case "is_not_null": return bool(b.emit(ExprOp.IsNotNull, x!.phys, [x!.reg]));
      case "fill_null": return this.fillNull(x!, y!, type);
      case "coalesce": {
        let acc = this.convert(args[args.length - 1]!, type);
        for (let i = args.length - 2; i >= 0; i--) acc = this.fillNull(args[i]!, acc, type);
        return acc;
      }
      case "if_else": {
        const c = this.convert(x!, t.bool);
        const p = this.convert(y!, type);
        const q = this.convert(z!, type);
        return { reg: b.emit(ExprOp.IfElse, p.phys, [c.reg, p.reg, q.reg]), phys: p.phys, type };
      }
      case "cast": {
        if (x!.type.id === "null") return this.b.constant(null, type);
        return this.convert(x!, type);
      }
      case "year": case "month": case "day": case "weekday": case "day_of_year": {
        const op = { year: ExprOp.Year, month: ExprOp.Month, day: ExprOp.Day, weekday: ExprOp.Weekday, day_of_year: ExprOp.DayOfYear }[e.op];
        const perDay = x!.type.id === "timestamp" ? unitsPerDay(timestampUnit(x!.type)) : 0;
        return { reg: b.emit(op, x!.phys, [x!.reg], perDay), phys: PhysType.Int32, type: t.int32 };
      }
      case "hour": case "minute": case "second": {
        const op = { hour: ExprOp.Hour, minute: ExprOp.Minute, second: ExprOp.Second }[e.op];
        return { reg: b.emit(op, PhysType.Int64, [x!.reg], UNITS_PER_SECOND[timestampUnit(x!.type)]), phys: PhysType.Int32, type: t.int32 };
      }
      case "lower": case "upper": case "trim": case "length": case "contains": case "starts_with": case "ends_with": case "concat": case "substring":
        throw new UnsupportedExpressionError("native expression", [e.op]);
    }
  }

  private fillNull(x: Operand, y: Operand, type: DataType): Operand {
    const p = this.convert(x, type);
    const q = this.convert(y, type);
    return { reg: this.b.emit(ExprOp.FillNull, p.phys, [p.reg, q.reg]), phys: p.phys, type };
  }
}

/** Maps virtual registers to reusable physical ones: a register is freed after its last reader (never reused by that reader's own result). */
function allocateRegisters(b: ProgramBuilder, outputs: readonly number[]): { map: Int32Array; count: number } {
  const lastUse = new Int32Array(b.instructions.length).fill(-1);
  b.instructions.forEach((ins, at) => {
    if (readsRegisters(ins)) for (const a of ins.args) lastUse[a] = at;
  });
  const keep = new Set<number>([...outputs, ...b.pinned]);
  const map = new Int32Array(b.instructions.length).fill(-1);
  const free: number[] = [];
  let count = 0;
  b.instructions.forEach((ins, at) => {
    // Constants are filled once before the first chunk: they never share a register.
    map[ins.dst] = ins.op !== ExprOp.Const && free.length > 0 ? free.pop()! : count++;
    if (readsRegisters(ins)) for (const a of new Set(ins.args)) if (lastUse[a] === at && !keep.has(a)) free.push(map[a]!);
    if (lastUse[ins.dst] === -1 && !keep.has(ins.dst)) free.push(map[ins.dst]!);
  });
  return { map, count };
}

/**
 * Compiles expressions over `schema` into one program computing all of them (shared
 * sub-expressions are computed once). Throws the core-ir typed errors for expressions that do not
 * type-check and UnsupportedExpressionError, listing every unsupported operator or operand, for
 * strings.
 *
 * @example
 * ```ts
 * import { Expr, field, schema, t } from "@datajax/core-ir";
 * import { compileExprProgram } from "@datajax/backend-spmd-native";
 *
 * const s = schema([field("trip_distance", t.float64)]);
 * const longTrips = compileExprProgram([Expr.call("gt", [Expr.column("trip_distance"), Expr.literal(1, t.float64)])], s);
 * longTrips.outputs[0]!.type; // { id: "bool" }
 * ```
 */
export function compileExprProgram(exprs: readonly Expr[], schema: Schema, operation = "native expression"): ExprProgram {
  const typed = exprs.map((e) => resolveExpr(e, schema, operation));
  const unsupported: string[] = [];
  for (const e of typed) {
    unsupportedParts(e, unsupported);
    if (physTypeOf(e.type) === undefined && e.type.id !== "null" && unsupported.length === 0) unsupported.push(`${formatType(e.type)} result`);
  }
  if (unsupported.length > 0) throw new UnsupportedExpressionError(operation, unsupported);

  const b = new ProgramBuilder();
  const compiler = new ExprCompiler(b);
  const outs = typed.map((e) => compiler.compile(e));
  const { map, count } = allocateRegisters(b, outs.map((o) => o.reg));
  const code = new Int32Array(b.instructions.length * INSTRUCTION_WORDS);
  b.instructions.forEach((ins, k) => {
    const imm = BigInt.asUintN(64, BigInt(Math.trunc(ins.imm)));
    const at = k * INSTRUCTION_WORDS;
    code[at] = ins.op;
    code[at + 1] = ins.type;
    code[at + 2] = map[ins.dst]!;
    for (let j = 0; j < 3; j++) {
      const a = ins.args[j];
      code[at + 3 + j] = a === undefined ? -1 : readsRegisters(ins) ? map[a]! : a;
    }
    code[at + 6] = Number(imm & 0xffffffffn) | 0;
    code[at + 7] = Number(imm >> 32n) | 0;
  });
  return {
    code,
    registers: Math.max(count, 1),
    constants: Float64Array.from(b.constants),
    wideConstants: BigInt64Array.from(b.wideConstants),
    inputTypes: Int32Array.from(b.inputTypes),
    inputColumns: [...b.inputColumns],
    outputRegisters: Int32Array.from(outs.map((o) => map[o.reg]!)),
    outputTypes: Int32Array.from(outs.map((o) => o.phys)),
    outputs: typed.map((e) => ({ type: e.type.id === "null" ? t.float64 : e.type, nullable: e.nullable })),
  };
}
