import type { StateKind } from "../aggregate/aggregate-kernels.js";
import { stateLayout } from "../aggregate/group-states.js";

/**
 * How a generated loop reaches its aggregates' states (a GroupStates named `states`):
 * `refs[a][x]` is an lvalue of aggregate a's state x in the row's group's record `$r` (see
 * GroupStates: a group's dense slot or its id), valid after the `perGroup` line. A global aggregate (one group) keeps its states in locals during the loop and
 * stores them once after it (the epilogue): an update through the state array would make every
 * row wait for the previous row's store (2-3× slower on a filter + sum).
 */
export interface StateAccess {
  readonly prologue: readonly string[];
  readonly perGroup: string;
  readonly refs: readonly (readonly string[])[];
  readonly epilogue: readonly string[];
}

/** `records`: the expression the loop reads the record array from (a bound kernel's constant, see boundKernel). */
export function emitStateAccess(kinds: readonly (readonly StateKind[])[], global: boolean, records = "states.packed"): StateAccess {
  const { stride, offsets } = stateLayout(kinds);
  const prologue = [`const $acc = ${records};`];
  const epilogue: string[] = [];
  const refs = kinds.map((ks, a) =>
    ks.map((kind, x) => {
      const off = offsets[a]![x]!;
      if (global) {
        const local = `s${a}_${x}_l`;
        const slot = kind === "any" ? `states.lists[${a}][${x}][0]` : `$acc[${off}]`;
        prologue.push(`let ${local} = ${slot};`);
        epilogue.push(`${slot} = ${local};`);
        return local;
      }
      if (kind === "any") {
        prologue.push(`const s${a}_${x} = states.lists[${a}][${x}];`);
        return `s${a}_${x}[$r]`;
      }
      return off === 0 ? "$acc[$o]" : `$acc[$o + ${off}]`;
    }),
  );
  return { prologue, perGroup: global ? "" : `const $o = $r * ${stride};`, refs, epilogue };
}
