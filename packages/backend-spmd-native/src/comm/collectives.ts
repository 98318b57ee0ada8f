import { MAX_BYTES_PER_PEER, MpiPayloadTooLargeError } from "../errors/mpi-payload-too-large-error.js";
import { MpiCommError } from "../errors/mpi-comm-error.js";
import type { ReduceOp } from "../native.js";
import { initialisedAddon, initWorld } from "./world.js";

// The checked collectives: each initialises MPI on first use, validates its arguments and turns a
// native failure into MpiCommError. Every rank must call the same collectives in the same order.

function call<T>(operation: string, run: () => T): T {
  try {
    return run();
  } catch (e) {
    throw new MpiCommError(operation, (e as Error).message, e);
  }
}

/**
 * Blocks until every rank has reached it.
 *
 * @example
 * ```ts
 * import { barrier } from "@datajax/backend-spmd-native";
 *
 * barrier();
 * ```
 */
export function barrier(): void {
  const addon = initialisedAddon();
  call("barrier", () => addon.barrier());
}

/**
 * Rank `root`'s bytes on every rank. Other ranks' `bytes` are ignored (pass null); they receive a
 * fresh, 8-byte aligned buffer; root gets its own array back.
 *
 * @example
 * ```ts
 * import { bcast, initWorld } from "@datajax/backend-spmd-native";
 *
 * const config = bcast(initWorld().rank === 0 ? new TextEncoder().encode("{}") : null, 0);
 * ```
 */
export function bcast(bytes: Uint8Array | null, root = 0): Uint8Array {
  const addon = initialisedAddon();
  const { rank, size } = initWorld();
  if (!Number.isInteger(root) || root < 0 || root >= size)
    throw new MpiCommError("bcast", `root ${root} is not a rank of this world of ${size}; pass 0..${size - 1}`);
  if (rank === root && !(bytes instanceof Uint8Array))
    throw new MpiCommError("bcast", "the root rank must pass its bytes as a Uint8Array");
  if (rank === root && bytes!.byteLength > MAX_BYTES_PER_PEER) throw new MpiPayloadTooLargeError("bcast", root, bytes!.byteLength);
  return call("bcast", () => addon.bcast(bytes, root));
}

/**
 * Every rank's bytes (sizes may differ), indexed by rank; each result starts 8-byte aligned in
 * one shared receive buffer.
 *
 * @example
 * ```ts
 * import { allgather, initWorld } from "@datajax/backend-spmd-native";
 *
 * const perRank = allgather(new Uint8Array([initWorld().rank])); // [Uint8Array[0], Uint8Array[1], ...]
 * ```
 */
export function allgather(bytes: Uint8Array): Uint8Array[] {
  const addon = initialisedAddon();
  if (bytes.byteLength > MAX_BYTES_PER_PEER) throw new MpiPayloadTooLargeError("allgather", initWorld().rank, bytes.byteLength);
  return call("allgather", () => addon.allgather(bytes));
}

/**
 * The element-wise reduction of every rank's array (all ranks pass the same length and type).
 *
 * @example
 * ```ts
 * import { allreduce } from "@datajax/backend-spmd-native";
 *
 * const [rows] = allreduce(new Float64Array([1234]), "sum"); // total rows over all ranks
 * const [maxTs] = allreduce(new BigInt64Array([42n]), "max");
 * ```
 */
export function allreduce(values: Float64Array, op: ReduceOp): Float64Array;
export function allreduce(values: BigInt64Array, op: ReduceOp): BigInt64Array;
export function allreduce(values: Float64Array | BigInt64Array, op: ReduceOp): Float64Array | BigInt64Array {
  const addon = initialisedAddon();
  if (op !== "sum" && op !== "min" && op !== "max")
    throw new MpiCommError("allreduce", `op must be "sum", "min" or "max", not ${JSON.stringify(op)}`);
  return call("allreduce", () => addon.allreduce(values as Float64Array, op));
}

/**
 * The personalised all-to-all exchange: `perDestination[r]` goes to rank r; the result's entry s
 * is what rank s sent here. Counts are exchanged first, then the bytes in one MPI_Alltoallv into
 * one receive buffer (each entry 8-byte aligned). Inputs that are ordered, non-overlapping views
 * of one ArrayBuffer are sent without a copy.
 *
 * @example
 * ```ts
 * import { alltoallv, initWorld } from "@datajax/backend-spmd-native";
 *
 * const { rank, size } = initWorld();
 * const fromEach = alltoallv(Array.from({ length: size }, (_, r) => new Uint8Array([rank, r])));
 * ```
 */
export function alltoallv(perDestination: readonly Uint8Array[]): Uint8Array[] {
  const addon = initialisedAddon();
  const { size } = initWorld();
  if (perDestination.length !== size)
    throw new MpiCommError("alltoallv", `perDestination has ${perDestination.length} entries; give one per rank (${size})`);
  perDestination.forEach((bytes, r) => {
    if (!(bytes instanceof Uint8Array)) throw new MpiCommError("alltoallv", `perDestination[${r}] is not a Uint8Array`);
    if (bytes.byteLength > MAX_BYTES_PER_PEER) throw new MpiPayloadTooLargeError("alltoallv", r, bytes.byteLength);
  });
  return call("alltoallv", () => addon.alltoallv(perDestination));
}

/**
 * Ends every rank of the world now with exit code `code` (MPI_Abort); for unrecoverable errors.
 *
 * @example
 * ```ts
 * import { abortWorld } from "@datajax/backend-spmd-native";
 *
 * process.on("uncaughtException", (e) => { console.error(e); abortWorld(1); });
 * ```
 */
export function abortWorld(code = 1): never {
  return initialisedAddon().abort(code);
}
