import { stageIdOf, toArrowSchema, type DataSource, type ScanNode } from "@datajax/core-ir";
import { tableSource } from "@datajax/runtime";
import type { RankPlace } from "../rank-place.js";
import { rankShareSource } from "../rank-share-source.js";
import type { StageInputs } from "../stage-compute.js";

/**
 * The data a Scan of the fragment reads on this rank: an earlier stage's output as delivered here,
 * or this rank's share of an argument. Throws when the stage has not run or the slot is unbound.
 */
export function scanSourceOf(scan: ScanNode, inputs: StageInputs, place: RankPlace): DataSource {
  const { source } = scan;
  const id = stageIdOf(source);
  if (id !== null) {
    const batches = inputs.stageOutputs.get(id);
    if (!batches) throw new Error(`backend-spmd-native: stage "${id}" is read before it ran; the stage graph must list stages in dependency order.`);
    return tableSource([...batches], id, batches[0]?.schema ?? toArrowSchema(scan.sourceSchema));
  }
  const slot = source.slot ?? 0;
  const data = inputs.arguments.get(slot);
  if (!data) throw new Error(`backend-spmd-native: no data bound to argument slot ${slot} (${source.name}); pass it in ExecutionContext.arguments.`);
  return rankShareSource(data, scan.sharding, place);
}
