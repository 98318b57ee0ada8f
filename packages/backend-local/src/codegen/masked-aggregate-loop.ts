import type { AggregateKernel } from "../aggregate/aggregate-kernels.js";
import type { InputLayout } from "./column-access.js";
import { identifiersOf, type Operand } from "./kernel-source.js";

/** Input types a masked loop may substitute 1 for: numbers whose arithmetic stays in doubles. */
const MASKABLE = new Set(["float64", "float32", "int8", "int16", "int32", "uint8", "uint16", "uint32"]);

/** What emitMaskedLoop needs of a global aggregate's fused loop. */
export interface MaskedLoopParts {
  /** The loop body before the first filter (`const` bindings and a join lookup's control lines) and after it, up to the updates. */
  readonly prefix: readonly string[];
  readonly rest: readonly string[];
  /** The first filter's kept-row test as a 0/1 expression over the prefix's bindings. */
  readonly keep: string;
  /** The bindings that read an input column (local name → the column's layout). */
  readonly leaves: ReadonlyMap<string, InputLayout>;
  readonly kernels: readonly AggregateKernel[];
  /** Aggregate a's argument operand (null: count()) and its states' lvalues. */
  readonly args: readonly (Operand | null)[];
  readonly refs: readonly (readonly string[])[];
}

/**
 * The masked form of a global aggregate behind one unpredictable filter (if-conversion, as the
 * tuned Q1 loop does by hand): every row is evaluated with no branch on the filter; a dropped
 * row reads 1 for each input the arguments use (`x * m - (m - 1)`: exactly x when m = 1, 1 when
 * m = 0), so its terms stay finite, and adds `0 * term` (MaskedUpdate). A dropped row with a
 * non-finite term turns a sum into NaN: the loop's `exact` test catches it, and the caller then
 * restores the states and runs the exact loop for the batch. Returns the loop's lines, its
 * after-the-loop lines and that test, or null where the form does not apply: a second filter in
 * the rest, an argument that may be null or is not a double, an aggregate without a masked update,
 * or an input the rest reads that is not a non-null number read in place (a join's build column
 * is read at its build row). The prefix runs as it is, its control lines included: a join lookup
 * drops a row before the filter there, as in the exact loops.
 */
export function emitMaskedLoop(parts: MaskedLoopParts): { loop: string[]; after: string[]; exact: string } | null {
  const { prefix, rest, keep, leaves, kernels, args, refs } = parts;
  if (rest.some((line) => line.includes("continue"))) return null;
  if (kernels.some((k, a) => !k.masked || (args[a] !== null && (args[a]!.isNull !== "false" || args[a]!.type.id !== "float64")))) return null;
  const bound = new Set(prefix.map((line) => /^const ([$\w]+) = /.exec(line)?.[1]).filter((n) => n !== undefined));
  const used = new Set([...rest.flatMap(identifiersOf), ...args.flatMap((a) => (a ? identifiersOf(a.value) : []))]);
  const maskable = (name: string) => {
    const l = leaves.get(name);
    return l !== undefined && !l.hasNulls && !l.dictionary && l.gathered === undefined && MASKABLE.has(l.type.id);
  };
  // Prefix bindings the rest reads get a masked twin; the rest's own input reads are masked in place.
  const twins = [...bound].filter((n) => used.has(n));
  if (!twins.every(maskable)) return null;
  const twinPattern = new RegExp(`(?<![$\\w])(${twins.map((t) => t.replace(/\$/g, "\\$")).join("|")})(?![$\\w])`, "g");
  const rename = (text: string) => (twins.length === 0 ? text : text.replace(twinPattern, (name) => `$m_${name}`));
  const restLines: string[] = [];
  for (const line of rest) {
    const m = /^const ([$\w]+) = (.*);$/.exec(line);
    if (m && leaves.has(m[1]!)) {
      if (!maskable(m[1]!)) return null;
      restLines.push(`const ${m[1]} = (${m[2]}) * $m - ($m - 1);`);
    } else restLines.push(rename(line));
  }
  const loop = [
    "for (let i = 0; i < n; i++) {",
    ...prefix,
    `const $m = ${keep};`,
    "$kept += $m;",
    ...twins.map((t) => `const $m_${t} = ${t} * $m - ($m - 1);`),
    ...restLines,
    ...kernels.map((k, a) => k.masked!.update(args[a] ? rename(args[a]!.value) : "0", "$m", refs[a]!)),
    "}",
  ];
  const after = kernels.map((k, a) => k.masked!.after("$kept", refs[a]!)).filter((l) => l !== "");
  const exact = kernels.map((k, a) => k.masked!.exact(refs[a]!)).filter((t) => t !== "true");
  return { loop, after, exact: exact.length === 0 ? "true" : exact.join(" && ") };
}
