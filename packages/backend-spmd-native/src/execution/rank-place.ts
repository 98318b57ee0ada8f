/**
 * Where this process runs: its rank of `size` ranks (an MPI world; size 1 without mpirun).
 * Invariant: `0 <= rank < size`. spmdWorld() returns it.
 *
 * @example
 * ```ts
 * import { spmdWorld, type RankPlace } from "@datajax/backend-spmd-native";
 *
 * const place: RankPlace = spmdWorld(); // { rank: 0, size: 1 } in a plain `node` process
 * if (place.rank === 0) console.log(`running on ${place.size} rank(s)`);
 * ```
 */
export interface RankPlace {
  /** This process's rank, from 0 to `size - 1`. */
  readonly rank: number;
  /** The number of ranks (processes) in the world. */
  readonly size: number;
}
