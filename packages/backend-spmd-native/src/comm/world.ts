import { MpiCommError } from "../errors/mpi-comm-error.js";
import { nativeAddon, type NativeAddon } from "../native.js";

/**
 * This process's place in the MPI world: its rank and the number of ranks (what initWorld returns).
 *
 * @example
 * ```ts
 * import { initWorld, type MpiWorld } from "@datajax/backend-spmd-native";
 *
 * const world: MpiWorld = initWorld(); // `datajax launch -n 2 script.mjs`: { rank: 0 | 1, size: 2 }
 * if (world.rank === 0) console.log(`running on ${world.size} ranks`);
 * ```
 */
export interface MpiWorld {
  /** This process's rank, 0..size-1. */
  readonly rank: number;
  /** The number of ranks in the world (1 under plain `node`). */
  readonly size: number;
}

let world: MpiWorld | undefined;

/**
 * Initialises MPI once per process (idempotent) and returns {rank, size}; a plain `node` process
 * is a world of size 1. MPI is finalised when the process exits with code 0 (a `process.once("exit")`
 * hook, since `process.exit()` skips N-API cleanup hooks). On a non-zero exit it is left
 * unfinalised on purpose: mpirun then sees a rank that failed and stops every other rank, instead
 * of this rank waiting in MPI_Finalize for peers that wait for it.
 *
 * @example
 * ```ts
 * import { initWorld } from "@datajax/backend-spmd-native";
 *
 * const { rank, size } = initWorld(); // under `mpirun -n 4`: rank 0..3, size 4
 * ```
 */
export function initWorld(): MpiWorld {
  if (world) return world;
  const addon = nativeAddon();
  let w: { rank: number; size: number };
  try {
    w = addon.init();
  } catch (e) {
    throw new MpiCommError("init", (e as Error).message, e);
  }
  process.once("exit", (code) => {
    if (code === 0) addon.finalize();
  });
  world = Object.freeze({ rank: w.rank, size: w.size });
  return world;
}

/** The addon with MPI initialised: what every collective wrapper calls through. */
export function initialisedAddon(): NativeAddon {
  initWorld();
  return nativeAddon();
}
