import { DataJaxError } from "@datajax/core-ir";

/**
 * hashPartitionBatch was called with no key columns or a rank count that is not a positive
 * integer (code `DJX_HASH_PARTITION_INVALID`).
 *
 * @example
 * ```ts
 * import { InvalidHashPartitionError } from "@datajax/backend-spmd-native";
 *
 * new InvalidHashPartitionError("ranks must be a positive integer, not 0").code; // "DJX_HASH_PARTITION_INVALID"
 * ```
 */
export class InvalidHashPartitionError extends DataJaxError {
  constructor(problem: string) {
    super("DJX_HASH_PARTITION_INVALID", `hashPartitionBatch: ${problem}`);
  }
}
