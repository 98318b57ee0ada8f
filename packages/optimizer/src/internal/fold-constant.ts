import { isFloat, isInteger, type DataType, type LiteralExpr, type LiteralValue, type OpName } from "@datajax/core-ir";

/**
 * Evaluates one operator over literal arguments with the semantics of DESIGN.md §2, or returns
 * `undefined` when folding would have to guess what a backend does. It gives up on: integer
 * overflow, any division or modulo by zero, NaN, strings holding lone surrogates (UTF-16 and UTF-8
 * order differ there), comparisons mixing floats with integers beyond 2^53, and every operator
 * outside arithmetic, comparison, boolean and null tests. `resultType` is the type resolveExpr
 * gives the call, so the folded literal has exactly that type.
 */
export function foldConstant(op: OpName, args: readonly LiteralExpr[], resultType: DataType): { value: LiteralValue } | undefined {
  const values = args.map((a) => a.value);
  switch (op) {
    case "add":
    case "sub":
    case "mul":
    case "div":
    case "floordiv":
    case "mod":
    case "neg":
      if (values.some((v) => v === null)) return { value: null };
      return arithmetic(op, args, resultType);
    case "eq":
    case "neq":
    case "lt":
    case "lte":
    case "gt":
    case "gte":
      if (values.some((v) => v === null)) return { value: null };
      return compare(op, args[0]!, args[1]!);
    case "and":
    case "or":
      return kleene(op, values[0]!, values[1]!);
    case "not":
      if (values[0] === null) return { value: null };
      return typeof values[0] === "boolean" ? { value: !values[0] } : undefined;
    case "is_null":
      return { value: values[0] === null };
    case "is_not_null":
      return { value: values[0] !== null };
    default:
      return undefined;
  }
}

const INT_RANGE: Record<string, readonly [bigint, bigint]> = {
  int8: [-(2n ** 7n), 2n ** 7n - 1n],
  int16: [-(2n ** 15n), 2n ** 15n - 1n],
  int32: [-(2n ** 31n), 2n ** 31n - 1n],
  int64: [-(2n ** 63n), 2n ** 63n - 1n],
  uint8: [0n, 2n ** 8n - 1n],
  uint16: [0n, 2n ** 16n - 1n],
  uint32: [0n, 2n ** 32n - 1n],
  uint64: [0n, 2n ** 64n - 1n],
};

function asBigInt(v: LiteralValue): bigint | undefined {
  if (typeof v === "bigint") return v;
  if (typeof v === "number" && Number.isSafeInteger(v)) return BigInt(v);
  return undefined;
}

function asNumber(v: LiteralValue): number | undefined {
  if (typeof v === "bigint") return Number(v);
  if (typeof v === "number") return v;
  return undefined;
}

function arithmetic(op: OpName, args: readonly LiteralExpr[], resultType: DataType): { value: LiteralValue } | undefined {
  if (isInteger(resultType)) {
    const xs = args.map((a) => asBigInt(a.value));
    if (xs.some((x) => x === undefined) || args.some((a) => !isInteger(a.type))) return undefined;
    const [a, b] = xs as [bigint, bigint];
    let r: bigint;
    switch (op) {
      case "add": r = a + b; break;
      case "sub": r = a - b; break;
      case "mul": r = a * b; break;
      case "neg": r = -a; break;
      case "floordiv": {
        if (b === 0n) return undefined;
        r = a / b;
        if (a % b !== 0n && a < 0n !== b < 0n) r -= 1n;
        break;
      }
      case "mod": {
        if (b === 0n) return undefined;
        r = a % b;
        if (r !== 0n && r < 0n !== b < 0n) r += b;
        break;
      }
      default:
        return undefined;
    }
    const [lo, hi] = INT_RANGE[resultType.id]!;
    if (r < lo || r > hi) return undefined;
    const wide = resultType.id === "int64" || resultType.id === "uint64";
    const keepBigInt = wide && (args.some((x) => typeof x.value === "bigint") || r > BigInt(Number.MAX_SAFE_INTEGER) || r < BigInt(Number.MIN_SAFE_INTEGER));
    return { value: keepBigInt ? r : Number(r) };
  }
  if (isFloat(resultType)) {
    const xs = args.map((a) => asNumber(a.value));
    if (xs.some((x) => x === undefined || Number.isNaN(x))) return undefined;
    const round = resultType.id === "float32" ? Math.fround : (x: number) => x;
    const [a, b] = xs.map((x) => round(x!)) as [number, number];
    let r: number;
    switch (op) {
      case "add": r = a + b; break;
      case "sub": r = a - b; break;
      case "mul": r = a * b; break;
      case "neg": r = -a; break;
      case "div": if (b === 0) return undefined; r = a / b; break;
      case "floordiv": if (b === 0) return undefined; r = Math.floor(a / b); break;
      case "mod": if (b === 0) return undefined; r = a - b * Math.floor(a / b); break;
      default: return undefined;
    }
    r = round(r);
    return Number.isNaN(r) ? undefined : { value: r };
  }
  return undefined;
}

function hasLoneSurrogate(s: string): boolean {
  return /[\uD800-\uDFFF]/.test(s);
}

function compare(op: OpName, x: LiteralExpr, y: LiteralExpr): { value: LiteralValue } | undefined {
  const a = x.value;
  const b = y.value;
  let c: number;
  if (typeof a === "string" && typeof b === "string") {
    if (hasLoneSurrogate(a) || hasLoneSurrogate(b)) return undefined;
    c = a < b ? -1 : a > b ? 1 : 0;
  } else if (typeof a === "boolean" && typeof b === "boolean") {
    c = Number(a) - Number(b);
  } else if ((typeof a === "number" || typeof a === "bigint") && (typeof b === "number" || typeof b === "bigint")) {
    if ((typeof a === "number" && Number.isNaN(a)) || (typeof b === "number" && Number.isNaN(b))) return undefined;
    // A backend promotes int64 with float64 to float64; beyond 2^53 that rounds, so do not guess.
    const mixed = isFloat(x.type) !== isFloat(y.type);
    const big = (v: number | bigint) => (typeof v === "bigint" ? v > 2n ** 53n || v < -(2n ** 53n) : Math.abs(v) > 2 ** 53);
    if (mixed && (big(a) || big(b))) return undefined;
    c = a < b ? -1 : a > b ? 1 : 0;
  } else {
    return undefined;
  }
  switch (op) {
    case "eq": return { value: c === 0 };
    case "neq": return { value: c !== 0 };
    case "lt": return { value: c < 0 };
    case "lte": return { value: c <= 0 };
    case "gt": return { value: c > 0 };
    case "gte": return { value: c >= 0 };
    default: return undefined;
  }
}

function kleene(op: "and" | "or", a: LiteralValue, b: LiteralValue): { value: LiteralValue } | undefined {
  if ((a !== null && typeof a !== "boolean") || (b !== null && typeof b !== "boolean")) return undefined;
  const dominant = op === "or";
  if (a === dominant || b === dominant) return { value: dominant };
  if (a === null || b === null) return { value: null };
  return { value: !dominant };
}
