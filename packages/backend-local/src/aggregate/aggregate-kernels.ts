import type { AggregateName, DataType } from "@datajax/core-ir";
import type { Column } from "../columns/column.js";
import { columnFromValues } from "../columns/column-from-values.js";

/** Per-group state: a Float64Array, a Uint8Array flag array, or a JS array (strings, sets). */
export type StateKind = "f64" | "u8" | "any";

/**
 * How one aggregate accumulates, as code for the generated update loop:
 * `update(v, isNull, s)` is a statement over the row's value `v`, its null flag and its group's
 * states `s[0..]` (lvalues: see StateAccess); `finish` turns the states of `groups` groups, one
 * array per state, into a column.
 */
export interface AggregateKernel {
  readonly states: readonly StateKind[];
  update(v: string, isNull: string, s: readonly string[]): string;
  finish(states: readonly unknown[], groups: number, resultType: DataType): Column;
  /** The update of a global aggregate's masked loop (see emitMaskedLoop), where it has one. */
  readonly masked?: MaskedUpdate;
  /** The fused grouped loop's form, where it has one (see NewGroupUpdate). */
  readonly newGroup?: NewGroupUpdate;
}

/**
 * For the fused grouped loop over an argument the schema declares non-nullable (every group's
 * first row, on any path, gives it a value): `init(v, s)` sets a new group's states from the row
 * that creates it (run once, where the loop registers the group); every row then runs
 * `update(v, s)`, which may assume the states hold a value. A max then costs one compare per row,
 * not a "has a value" test too (Q2: about 8% of its loop).
 */
export interface NewGroupUpdate {
  init(v: string, s: readonly string[]): string;
  update(v: string, s: readonly string[]): string;
}

/** Whether a grouped aggregate's argument always has a number (see NewGroupUpdate). */
const alwaysNumber = (arg: AggregateArg, grouped: boolean) => grouped && arg !== null && !arg.nullable && arg.type.id !== "utf8";

/**
 * A row's update under a 0/1 mask `m`, over a non-null double `v`: for m = 1 exactly `update`'s
 * effect; for m = 0 (a dropped row) no change when `v` is finite. `after` runs once after the loop
 * (`kept`: the rows with m = 1); `exact` is true when the states are certainly what the exact
 * loop would have left ("true": always).
 */
export interface MaskedUpdate {
  update(v: string, m: string, s: readonly string[]): string;
  after(kept: string, s: readonly string[]): string;
  exact(s: readonly string[]): string;
}

/**
 * A masked sum adds `m * v`: ±0 for a dropped row's finite term, which changes no sum (a sum that
 * starts at +0 is never -0 under round-to-nearest), and NaN for a non-finite one, which the
 * finiteness test catches (with a kept infinite term: then the exact loop runs, no harm).
 */
const exactSum = (sum: string) => `Number.isFinite(${sum})`;

/** An aggregate's argument as the plan types it (null for count()). */
export type AggregateArg = { readonly type: DataType; readonly nullable: boolean } | null;

type F64 = Float64Array;
type U8 = Uint8Array;
const notNull = (isNull: string) => (isNull === "false" ? "true" : `!(${isNull})`);

/** Values valid where the `has` flags are set (min, max, first, last, sum). */
const flaggedValues = (values: ArrayLike<number> | ArrayLike<string>, has: U8, groups: number, type: DataType) =>
  columnFromValues(type, values, has.subarray(0, groups), groups);

const initValue = (v: string, [val, has]: readonly string[]) => `${val} = ${v}; ${has} = 1;`;

const extreme = (cmp: "<" | ">") => (arg: AggregateArg, grouped: boolean): AggregateKernel => ({
  states: [arg?.type.id === "utf8" ? "any" : "f64", "u8"],
  update: (v, isNull, [val, has]) => `if (${notNull(isNull)} && (${has} === 0 || ${v} ${cmp} ${val})) { ${val} = ${v}; ${has} = 1; }`,
  finish: ([val, has], groups, type) => flaggedValues(val as F64, has as U8, groups, type),
  // The first value then stays unless a later one compares past it: a NaN first stays, as above.
  ...(alwaysNumber(arg, grouped) ? { newGroup: { init: initValue, update: (v, [val]) => `if (${v} ${cmp} ${val}) ${val} = ${v};` } } : {}),
});

const positional = (which: "first" | "last") => (arg: AggregateArg, grouped: boolean): AggregateKernel => ({
  states: [arg?.type.id === "utf8" ? "any" : "f64", "u8"],
  update: (v, isNull, [val, has]) =>
    which === "first"
      ? `if (${notNull(isNull)} && ${has} === 0) { ${val} = ${v}; ${has} = 1; }`
      : `if (${notNull(isNull)}) { ${val} = ${v}; ${has} = 1; }`,
  finish: ([val, has], groups, type) => flaggedValues(val as F64, has as U8, groups, type),
  ...(alwaysNumber(arg, grouped) ? { newGroup: { init: initValue, update: (v, [val]) => (which === "first" ? "" : `${val} = ${v};`) } } : {}),
});

/** Welford's running mean and squared deviations: stable for large offsets. */
const spread = (root: boolean) => (): AggregateKernel => ({
  states: ["f64", "f64", "f64"],
  update: (v, isNull, [n, mean, m2]) =>
    `if (${notNull(isNull)}) { const c = ++${n}; const d = ${v} - ${mean}; ${mean} += d / c; ${m2} += d * (${v} - ${mean}); }`,
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
export const aggregateKernels: Record<AggregateName, (arg: AggregateArg, grouped: boolean) => AggregateKernel> = {
  count: (arg) => ({
    states: ["f64"],
    update: (_v, isNull, [n]) => (arg === null ? `${n}++;` : `if (${notNull(isNull)}) ${n}++;`),
    masked: { update: (_v, m, [n]) => `${n} += ${m};`, after: () => "", exact: () => "true" },
    finish: ([n], groups, type) => columnFromValues(type, (n as F64).subarray(0, groups), null, groups),
  }),
  // Grouped, over an argument that cannot be null, every group has a value (a group exists because
  // a row reached it): no per-row "has" flag to store.
  sum: (arg, grouped) =>
    grouped && arg !== null && !arg.nullable
      ? {
          states: ["f64"],
          update: (v, isNull, [sum]) => `if (${notNull(isNull)}) ${sum} += ${v};`,
          finish: ([sum], groups, type) => columnFromValues(type, (sum as F64).subarray(0, groups), null, groups),
        }
      : {
          states: ["f64", "u8"],
          update: (v, isNull, [sum, has]) => `if (${notNull(isNull)}) { ${sum} += ${v}; ${has} = 1; }`,
          finish: ([sum, has], groups, type) => flaggedValues(sum as F64, has as U8, groups, type),
          masked: { update: (v, m, [sum]) => `${sum} += ${m} * ${v};`, after: (kept, [, has]) => `if (${kept} > 0) ${has} = 1;`, exact: ([sum]) => exactSum(sum!) },
        },
  mean: () => ({
    states: ["f64", "f64"],
    update: (v, isNull, [sum, n]) => `if (${notNull(isNull)}) { ${sum} += ${v}; ${n}++; }`,
    masked: { update: (v, m, [sum, n]) => `${sum} += ${m} * ${v}; ${n} += ${m};`, after: () => "", exact: ([sum]) => exactSum(sum!) },
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
    update: (v, isNull, [sets]) => `if (${notNull(isNull)}) (${sets} ??= new Set()).add(${v});`,
    finish: ([sets], groups, type) => {
      const out = new Float64Array(groups);
      for (let g = 0; g < groups; g++) out[g] = (sets as (Set<unknown> | undefined)[])[g]?.size ?? 0;
      return columnFromValues(type, out, null, groups);
    },
  }),
};
