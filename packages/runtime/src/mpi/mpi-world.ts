/**
 * This process's place in the MPI world that `mpirun` (or `datajax launch`) started it in.
 *
 * @example
 * ```ts
 * import { mpiWorldFromEnv, type MpiWorld } from "@datajax/runtime";
 *
 * const world: MpiWorld | undefined = mpiWorldFromEnv({ OMPI_COMM_WORLD_RANK: "1", OMPI_COMM_WORLD_SIZE: "4" }); // { rank: 1, size: 4 }
 * ```
 */
export interface MpiWorld {
  /** This process's rank, 0 ≤ rank < size. */
  readonly rank: number;
  /** The number of processes in the world. */
  readonly size: number;
}

/**
 * The MPI world this process belongs to, read from the launcher's environment (Open MPI's
 * `OMPI_COMM_WORLD_RANK`/`_SIZE`, or `PMI_RANK`/`PMI_SIZE` from MPICH/Slurm); `undefined` when the
 * process was not started by an MPI launcher. Reading the environment needs no MPI library, so a
 * pure-TypeScript pipeline can split its input by rank (see {@link shardSource}).
 * Throws a RangeError when the variables are present but inconsistent (not integers, rank ≥ size).
 *
 * @example
 * ```ts
 * import { mpiWorldFromEnv } from "@datajax/runtime";
 * const world = mpiWorldFromEnv() ?? { rank: 0, size: 1 }; // a plain `node script.js` is a world of one
 * console.log(`rank ${world.rank} of ${world.size}`);
 * ```
 */
export function mpiWorldFromEnv(env: NodeJS.ProcessEnv = process.env): MpiWorld | undefined {
  const pair = env["OMPI_COMM_WORLD_SIZE"] !== undefined ? (["OMPI_COMM_WORLD_RANK", "OMPI_COMM_WORLD_SIZE"] as const) : env["PMI_SIZE"] !== undefined ? (["PMI_RANK", "PMI_SIZE"] as const) : undefined;
  if (!pair) return undefined;
  const rank = Number(env[pair[0]]);
  const size = Number(env[pair[1]]);
  if (!Number.isInteger(size) || size < 1 || !Number.isInteger(rank) || rank < 0 || rank >= size) {
    throw new RangeError(`the MPI launcher's environment is inconsistent: ${pair[0]}=${env[pair[0]]}, ${pair[1]}=${env[pair[1]]} (want 0 ≤ rank < size); start the process with mpirun or datajax launch, or unset these variables`);
  }
  return { rank, size };
}
