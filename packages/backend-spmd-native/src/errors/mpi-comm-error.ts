import { DataJaxError } from "@datajax/core-ir";

/**
 * An MPI collective failed or was called wrongly (code `DJX_MPI_FAILED`); the message names the
 * operation and what MPI or the argument check reported, and `cause` holds the native error.
 *
 * @example
 * ```ts
 * import { barrier, MpiCommError } from "@datajax/backend-spmd-native";
 *
 * try {
 *   barrier();
 * } catch (e) {
 *   if (e instanceof MpiCommError) console.error(e.operation, e.message);
 * }
 * ```
 */
export class MpiCommError extends DataJaxError {
  /** The collective that failed (`alltoallv`, `bcast`...). */
  readonly operation: string;
  constructor(operation: string, message: string, cause?: unknown) {
    super("DJX_MPI_FAILED", `${operation}: ${message}`, cause === undefined ? undefined : { cause });
    this.operation = operation;
  }
}
