import { DataJaxError } from "@datajax/core-ir";

/**
 * The run asks for another number of ranks than this MPI world has (code `DJX_SPMD_RANKS`):
 * the SPMD backend runs each rank in its own process, so `ExecutionContext.ranks` (RunOptions.ranks)
 * must equal the world size.
 *
 * @example
 * ```ts
 * import { Executor } from "@datajax/runtime";
 * import { RankCountMismatchError, SpmdNativeBackend } from "@datajax/backend-spmd-native";
 * import type { DataSource, StageGraph } from "@datajax/core-ir";
 *
 * declare const graph: StageGraph;
 * declare const trips: DataSource;
 * try {
 *   await new Executor(new SpmdNativeBackend()).run(graph, { arguments: new Map([[0, trips]]), ranks: 4 }); // under plain `node`: a world of 1
 * } catch (err) {
 *   if (err instanceof RankCountMismatchError) console.error(err.code, err.requested, err.worldSize); // "DJX_SPMD_RANKS" 4 1
 * }
 * ```
 */
export class RankCountMismatchError extends DataJaxError {
  /**
   * @param requested - The ranks the run asked for.
   * @param worldSize - The processes in this MPI world.
   */
  constructor(
    /** The ranks the run asked for. */
    readonly requested: number,
    /** The processes in this MPI world. */
    readonly worldSize: number,
  ) {
    super(
      "DJX_SPMD_RANKS",
      `spmd-native: the run asks for ${requested} rank(s), but this MPI world has ${worldSize} process(es), one per rank. ` +
        `Launch the script with \`datajax launch -n ${requested} script.mjs\` (or mpirun -n ${requested}), or run with ranks: ${worldSize} (Resource.fromMpi() reads the world size).`,
    );
  }
}

/**
 * The MPI library and the launcher disagree about the world (code `DJX_SPMD_WORLD`): the
 * launcher's environment (OMPI_COMM_WORLD_* / PMI_*) says one size, MPI_Init another. This
 * happens when the addon was built against another MPI than the mpirun that started the job.
 *
 * @example
 * ```ts
 * import { spmdWorld, WorldMismatchError } from "@datajax/backend-spmd-native";
 *
 * try {
 *   spmdWorld(); // under `datajax launch -n 4`, with an addon built against another MPI
 * } catch (err) {
 *   if (err instanceof WorldMismatchError) console.error(err.code, err.message); // "DJX_SPMD_WORLD", then how to rebuild the addon
 * }
 * ```
 */
export class WorldMismatchError extends DataJaxError {
  /**
   * @param launcher - The rank and size the launcher's environment gives this process.
   * @param mpi - The rank and size MPI_Init reports.
   */
  constructor(launcher: { readonly rank: number; readonly size: number }, mpi: { readonly rank: number; readonly size: number }) {
    super(
      "DJX_SPMD_WORLD",
      `spmd-native: the launcher started this process as rank ${launcher.rank} of ${launcher.size}, but MPI_Init reports rank ${mpi.rank} of ${mpi.size}. ` +
        "The addon is linked against another MPI than the mpirun that launched it: rebuild it (pnpm --filter @datajax/backend-spmd-native build:native) with the MPI whose mpirun you use.",
    );
  }
}
