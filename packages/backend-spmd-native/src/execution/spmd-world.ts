import { mpiWorldFromEnv } from "@datajax/runtime";
import { initWorld } from "../comm/world.js";
import type { RankPlace } from "./rank-place.js";
import { WorldMismatchError } from "./spmd-errors.js";

/**
 * This process's rank and the world size, from MPI (initialised on first use; a plain `node`
 * process is a world of one), checked against the launcher's environment (what
 * `Resource.fromMpi()` and `mpiWorldFromEnv()` read): a disagreement throws WorldMismatchError.
 *
 * @example
 * ```ts
 * import { spmdWorld } from "@datajax/backend-spmd-native";
 *
 * const { rank, size } = spmdWorld(); // under `datajax launch -n 4`: rank 0..3, size 4
 * ```
 */
export function spmdWorld(): RankPlace {
  const world = initWorld();
  const launcher = mpiWorldFromEnv();
  if (launcher && (launcher.rank !== world.rank || launcher.size !== world.size)) throw new WorldMismatchError(launcher, world);
  return world;
}
