import { DataJaxError, type ScanRequest } from "@datajax/core-ir";

/** A scan asked a rank-local source for rows it does not hold. */
export class RankShareMismatchError extends DataJaxError {
  constructor(rank: number, size: number, request: ScanRequest) {
    super(
      "DJX_BENCH_RANK_SHARE",
      `rank ${rank} of ${size} holds only its own share of the trips, but a scan asked for ${request.partition ? `share ${request.partition.index} of ${request.partition.count}` : "every row"}; ` +
        "pass the argument block-sharded (pjit's default inShardings) so that each rank reads exactly its share.",
    );
  }
}
