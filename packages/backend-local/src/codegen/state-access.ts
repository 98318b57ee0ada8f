import type { StateKind } from "../aggregate/aggregate-kernels.js";
import { stateLayout } from "../aggregate/group-states.js";

/**
 * How a generated loop reaches its aggregates' states (a GroupStates named `states`):
 * `refs[a][x]` is an lvalue of aggregate a's state x for the row's group's record `$r` (see
 * GroupStates: a group's dense slot or its id). Grouped, the numeric states are the arrays `$s0`,
 * `$s1`, ...: with `bound`, the kernel's outer function takes them (`params`; the kernel is bound
 * to them, see GroupStates.bound and boundKernel), else the prologue reads them from `states`
 * (states too large to bind, see GroupStates.bindable). A global aggregate (one group) keeps its
 * states in locals during the loop and stores them once after it (the epilogue): an update
 * through the state array would make every row wait for the previous row's store (2-3× slower on
 * a filter + sum).
 */
export interface StateAccess {
  readonly params: readonly string[];
  readonly prologue: readonly string[];
  readonly refs: readonly (readonly string[])[];
  readonly epilogue: readonly string[];
}

export function emitStateAccess(kinds: readonly (readonly StateKind[])[], global: boolean, bound: boolean): StateAccess {
  const { width, offsets } = stateLayout(kinds);
  const prologue: string[] = [];
  const epilogue: string[] = [];
  const refs = kinds.map((ks, a) =>
    ks.map((kind, x) => {
      const off = offsets[a]![x]!;
      if (global) {
        const local = `s${a}_${x}_l`;
        const slot = kind === "any" ? `states.lists[${a}][${x}][0]` : `states.arrays[${off}][0]`;
        prologue.push(`let ${local} = ${slot};`);
        epilogue.push(`${slot} = ${local};`);
        return local;
      }
      if (kind === "any") {
        prologue.push(`const s${a}_${x} = states.lists[${a}][${x}];`);
        return `s${a}_${x}[$r]`;
      }
      return `$s${off}[$r]`;
    }),
  );
  const arrays = global ? [] : Array.from({ length: width }, (_v, k) => `$s${k}`);
  if (!bound) prologue.push(...arrays.map((a, k) => `const ${a} = states.arrays[${k}];`));
  const params = bound ? arrays : [];
  return { params, prologue, refs, epilogue };
}
