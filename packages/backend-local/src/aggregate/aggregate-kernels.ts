import type { AggregateName, DataType } from "@datajax/core-ir";
import type { Column } from "../columns/column.js";
import { columnFromValues } from "../columns/column-from-values.js";

/** Per-group state: a Float64Array, a Uint8Array flag array, or a JS array (strings, sets). */
export type StateKind = "f64" | "u8" | "any";

/**
 * How one aggregate accumulates, as code for the generated update loop:
 * `update(v, isNull, g, s)` is a statement over the row's value `v`, its null flag, the group id
 * `g` and the state arrays `s[0..]`; `finish` turns the states of `groups` groups into a column.
 */
export interface AggregateKernel {
  readonly states: readonly StateKind[];
  update(v: string, isNull: string, g: string, s: readonly string[]): string;
  finish(states: readonly unknown[], groups: number, resultType: DataType): Column;
}

type F64 = Float64Array;
type U8 = Uint8Array;
const notNull = (isNull: string) => (isNull === "false" ? "true" : `!(${isNull})`);

/** Values valid where the `has` flags are set (min, max, first, last, sum). */
const flaggedValues = (values: ArrayLike<number> | ArrayLike<string>, has: U8, groups: number, type: DataType) =>
  columnFromValues(type, values, has.subarray(0, groups), groups);

const extreme = (cmp: "<" | ">") => (argType: DataType | null): AggregateKernel => ({
  states: [argType?.id === "utf8" ? "any" : "f64", "u8"],
  update: (v, isNull, g, [val, has]) => `if (${notNull(isNull)} && (${has}[${g}] === 0 || ${v} ${cmp} ${val}[${g}])) { ${val}[${g}] = ${v}; ${has}[${g}] = 1; }`,
  finish: ([val, has], groups, type) => flaggedValues(val as F64, has as U8, groups, type),
});

const positional = (which: "first" | "last") => (argType: DataType | null): AggregateKernel => ({
  states: [argType?.id === "utf8" ? "any" : "f64", "u8"],
  update: (v, isNull, g, [val, has]) =>
    which === "first"
      ? `if (${notNull(isNull)} && ${has}[${g}] === 0) { ${val}[${g}] = ${v}; ${has}[${g}] = 1; }`
      : `if (${notNull(isNull)}) { ${val}[${g}] = ${v}; ${has}[${g}] = 1; }`,
  finish: ([val, has], groups, type) => flaggedValues(val as F64, has as U8, groups, type),
});

/** Welford's running mean and squared deviations: stable for large offsets. */
const spread = (root: boolean) => (): AggregateKernel => ({
  states: ["f64", "f64", "f64"],
  update: (v, isNull, g, [n, mean, m2]) =>
    `if (${notNull(isNull)}) { const c = ++${n}[${g}]; const d = ${v} - ${mean}[${g}]; ${mean}[${g}] += d / c; ${m2}[${g}] += d * (${v} - ${mean}[${g}]); }`,
  finish: ([n, , m2], groups, type) => {
    const out = new Float64Array(groups);
    const valid = new Uint8Array(groups);
    for (let g = 0; g < groups; g++) {
      const c = (n as F64)[g]!;
      if (c >= 2) { const variance = (m2 as F64)[g]! / (c - 1); out[g] = root ? Math.sqrt(variance) : variance; valid[g] = 1; }
    }
    return columnFromValues(type, out, valid, groups);
  },
});

/** One accumulator per registry aggregate: a new aggregate in core-ir fails to compile here. */
export const aggregateKernels: Record<AggregateName, (argType: DataType | null) => AggregateKernel> = {
  count: (argType) => ({
    states: ["f64"],
    update: (_v, isNull, g, [n]) => (argType === null ? `${n}[${g}]++;` : `if (${notNull(isNull)}) ${n}[${g}]++;`),
    finish: ([n], groups, type) => columnFromValues(type, (n as F64).subarray(0, groups), null, groups),
  }),
  sum: () => ({
    states: ["f64", "u8"],
    update: (v, isNull, g, [sum, has]) => `if (${notNull(isNull)}) { ${sum}[${g}] += ${v}; ${has}[${g}] = 1; }`,
    finish: ([sum, has], groups, type) => flaggedValues(sum as F64, has as U8, groups, type),
  }),
  mean: () => ({
    states: ["f64", "f64"],
    update: (v, isNull, g, [sum, n]) => `if (${notNull(isNull)}) { ${sum}[${g}] += ${v}; ${n}[${g}]++; }`,
    finish: ([sum, n], groups, type) => {
      const out = new Float64Array(groups);
      const valid = new Uint8Array(groups);
      for (let g = 0; g < groups; g++) if ((n as F64)[g]! > 0) { out[g] = (sum as F64)[g]! / (n as F64)[g]!; valid[g] = 1; }
      return columnFromValues(type, out, valid, groups);
    },
  }),
  min: extreme("<"),
  max: extreme(">"),
  var: spread(false),
  std: spread(true),
  first: positional("first"),
  last: positional("last"),
  count_distinct: () => ({
    states: ["any"],
    update: (v, isNull, g, [sets]) => `if (${notNull(isNull)}) (${sets}[${g}] ??= new Set()).add(${v});`,
    finish: ([sets], groups, type) => {
      const out = new Float64Array(groups);
      for (let g = 0; g < groups; g++) out[g] = (sets as (Set<unknown> | undefined)[])[g]?.size ?? 0;
      return columnFromValues(type, out, null, groups);
    },
  }),
};
