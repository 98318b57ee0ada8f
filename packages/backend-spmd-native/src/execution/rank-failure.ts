import { abortWorld } from "../comm/collectives.js";
import type { RankPlace } from "./rank-place.js";

/**
 * What a rank does with an error that stops its part of a run. In a world of one the error is
 * rethrown to the caller. With several ranks it prints the error once (from the failing rank,
 * prefixed with it) and aborts the whole world (MPI_Abort, exit code 1): the other ranks are
 * blocked in, or headed for, a collective this rank will never join, so stopping them all is the
 * only way not to hang; nothing after the failure completes (no part file renamed into place, no
 * `_SUCCESS` marker).
 */
export function failRank(place: RankPlace, error: unknown): never {
  if (place.size === 1) throw error;
  const text = error instanceof Error ? (error.stack ?? error.message) : String(error);
  process.stderr.write(`datajax spmd-native: rank ${place.rank} of ${place.size} failed, stopping every rank:\n${text}\n`);
  return abortWorld(1);
}

/** Runs `work`, handing an error it throws to failRank. */
export async function abortWorldOnFailure<T>(place: RankPlace, work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (e) {
    return failRank(place, e);
  }
}
