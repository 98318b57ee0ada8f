/**
 * Opcodes of the native expression program (native/src/kernels_expr_eval.h, same numbering).
 *
 * @example
 * ```ts
 * import { ExprOp } from "@datajax/backend-spmd-native";
 *
 * ExprOp.Add; // 2
 * ```
 */
export const ExprOp = {
  Load: 0, Const: 1,
  Add: 2, Sub: 3, Mul: 4, Div: 5, FloorDiv: 6, Mod: 7, Neg: 8, Abs: 9, Pow: 10,
  Sqrt: 11, Exp: 12, Log: 13, Log10: 14, Floor: 15, Ceil: 16, Round: 17,
  Eq: 18, Neq: 19, Lt: 20, Lte: 21, Gt: 22, Gte: 23,
  And: 24, Or: 25, Not: 26,
  IsNull: 27, IsNotNull: 28, FillNull: 29, IfElse: 30,
  Cast: 31, MulConst: 32, FloorDivConst: 33,
  Year: 34, Month: 35, Day: 36, Weekday: 37, DayOfYear: 38,
  Hour: 39, Minute: 40, Second: 41,
} as const;

/**
 * One opcode value.
 *
 * @example
 * ```ts
 * import { ExprOp, type ExprOpCode } from "@datajax/backend-spmd-native";
 *
 * const op: ExprOpCode = ExprOp.Gt;
 * ```
 */
export type ExprOpCode = (typeof ExprOp)[keyof typeof ExprOp];

/**
 * Words per instruction of a program's `code`: op, type, dst, a, b, c, imm lo, imm hi.
 *
 * @example
 * ```ts
 * import { Expr, field, schema, t } from "@datajax/core-ir";
 * import { compileExprProgram, INSTRUCTION_WORDS } from "@datajax/backend-spmd-native";
 *
 * const p = compileExprProgram([Expr.call("abs", [Expr.column("tip")])], schema([field("tip", t.float64)]));
 * const instructions = p.code.length / INSTRUCTION_WORDS; // 2: load tip, abs
 * const firstOp = p.code[0]; // ExprOp.Load
 * ```
 */
export const INSTRUCTION_WORDS = 8;
