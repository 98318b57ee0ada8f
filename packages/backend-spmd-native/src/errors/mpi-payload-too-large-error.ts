import { DataJaxError } from "@datajax/core-ir";

/**
 * The most bytes one MPI exchange moves to or from one peer (MPI counts are C ints); bcast,
 * allgather and alltoallv throw MpiPayloadTooLargeError above it.
 *
 * @example
 * ```ts
 * import { MAX_BYTES_PER_PEER } from "@datajax/backend-spmd-native";
 *
 * const bytesForOnePeer = 5_000_000_000;
 * const exchanges = Math.ceil(bytesForOnePeer / MAX_BYTES_PER_PEER); // 3: split the rows into 3 exchanges
 * ```
 */
export const MAX_BYTES_PER_PEER = 2 ** 31 - 1;

/**
 * A payload for one peer is too big for one MPI call (code `DJX_MPI_PAYLOAD_TOO_LARGE`): MPI
 * counts are ints, so at most 2^31-1 bytes move per peer per call. Split the data (fewer rows per
 * exchange) and exchange several times.
 *
 * @example
 * ```ts
 * import { MAX_BYTES_PER_PEER, MpiPayloadTooLargeError } from "@datajax/backend-spmd-native";
 *
 * const err = new MpiPayloadTooLargeError("alltoallv", 1, MAX_BYTES_PER_PEER + 1);
 * err.code; // "DJX_MPI_PAYLOAD_TOO_LARGE"
 * ```
 */
export class MpiPayloadTooLargeError extends DataJaxError {
  constructor(operation: string, peer: number, bytes: number) {
    super(
      "DJX_MPI_PAYLOAD_TOO_LARGE",
      `${operation}: ${bytes} bytes for rank ${peer} exceed the ${MAX_BYTES_PER_PEER} bytes one MPI call moves per peer; ` +
        "split the data into several smaller exchanges.",
    );
  }
}
