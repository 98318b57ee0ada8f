import { emitInputPrologue, emitNullRead, emitValueRead, layoutKey, type InputLayout, type PreparedInput } from "../codegen/column-access.js";
import { boundKernel, cachedKernel } from "../codegen/kernel-cache.js";
import { emitStateAccess } from "../codegen/state-access.js";
import type { AggregateKernel } from "./aggregate-kernels.js";
import type { GroupStates } from "./group-states.js";

export type UpdateKernel = (inputs: readonly PreparedInput[], n: number, gids: Int32Array | null, states: GroupStates) => void;

/**
 * One generated loop that updates every aggregate of an Aggregate node for a batch, specialized
 * on the argument layouts (types, nulls) and on global vs grouped; `gids[i]` is row i's group's
 * record (see GroupStates' Placement). Grouped, it is bound to `states`' arrays where they are
 * small enough (GroupStates.bound, bindable) and then runs on those states only.
 * `argInputs[a]` is the index in `inputs` of aggregate a's argument (null for count()).
 */
export function compileAggregateUpdate(
  key: string,
  kernels: readonly AggregateKernel[],
  argInputs: readonly (number | null)[],
  layouts: readonly InputLayout[],
  states: GroupStates,
  global: boolean,
): UpdateKernel {
  const bound = !global && states.bindable;
  const cacheKey = `agg|${key}|${global ? "global" : bound ? "grouped bound" : "grouped"}|${layouts.map(layoutKey).join(",")}`;
  const generate = () => {
    const access = emitStateAccess(kernels.map((k) => k.states), global, bound);
    const prologue: string[] = [...access.prologue];
    const body: string[] = global ? [] : ["const $r = gids[i];"];
    layouts.forEach((l, j) => {
      prologue.push(emitInputPrologue(j, l));
      body.push(`const a${j} = ${emitValueRead(j, l, "i")};`);
      const isNull = emitNullRead(j, l, "i");
      body.push(`const an${j} = ${isNull};`);
    });
    kernels.forEach((k, a) => {
      const refs = access.refs[a]!;
      const j = argInputs[a];
      body.push(j === null || j === undefined ? k.update("0", "false", refs) : k.update(`a${j}`, layouts[j]!.hasNulls || layouts[j]!.type.id === "null" ? `an${j}` : "false", refs));
    });
    const loop = ["function update(inputs, n, gids, states) {", ...prologue, "for (let i = 0; i < n; i++) {", ...body, "}", ...access.epilogue, "}"].join("\n");
    return bound ? `return function bindStates(${access.params.join(", ")}) {\nreturn ${loop};\n};` : `return ${loop};`;
  };
  if (!bound) return cachedKernel<UpdateKernel>(cacheKey, generate);
  return states.bound(cacheKey, states.arrays, () => boundKernel<UpdateKernel>(cacheKey, generate, ...states.arrays));
}
