import { DataJaxError } from "@datajax/core-ir";

/** vmap met a node it has no batching rule for (or cannot batch in this position). */
export class NotBatchableError extends DataJaxError {
  constructor(readonly node: string, reason: string) {
    super("DJX_NOT_BATCHABLE", `vmap: cannot batch ${node}: ${reason}.`);
  }
}
