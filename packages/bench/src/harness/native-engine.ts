import { allreduce, barrier, registerSpmdNativeBackend, SPMD_NATIVE_BACKEND_ID, spmdWorld } from "@datajax/backend-spmd-native";
import type { DataSource } from "@datajax/core-ir";
import type { Table } from "apache-arrow";
import { createContainer } from "@datajax/runtime";
import { pjit, Resource } from "@datajax/transforms";
import { tableRows } from "../queries/reference-query.js";
import type { Engine, LockstepGroup } from "./engine.js";
import { NativeEngineWorldError } from "./native-engine-world-error.js";
import { rankLocalTableSource } from "./rank-local-table-source.js";
import { readTaxiTable } from "./read-taxi-table.js";

/**
 * The native SPMD backend through pjit over every rank of the MPI world this process is part of
 * (`datajax-native-1r`: a plain process, a world of one; `datajax-native-2r`: started by the
 * harness under mpirun with two ranks). Each rank loads only its share of the row groups into
 * memory; the argument is block-sharded, so each rank's scan reads exactly that share. Every rank
 * runs every call; rank 0's result is the whole table (the backend gathers it), so a timed call on
 * rank 0 spans the distributed query from the barrier before it to the gathered result.
 */
export function nativeEngine(id: string, ranks: number): Engine {
  const place = spmdWorld();
  if (place.size !== ranks) throw new NativeEngineWorldError(id, ranks, place.size);
  const lockstep: LockstepGroup = {
    rank: place.rank,
    size: place.size,
    barrier,
    sumOverRanks: (value) => allreduce(Float64Array.of(value), "sum")[0]!,
  };
  const container = createContainer();
  registerSpmdNativeBackend(container);
  const resource = new Resource({ axes: { data: place.size } });
  let source: DataSource;
  return {
    id,
    lockstep,
    async load(path) {
      const share = place.size > 1 ? { index: place.rank, count: place.size } : undefined;
      source = rankLocalTableSource(await readTaxiTable(path, share), "trips", place);
    },
    async prepare(query) {
      const f = pjit(query.pipeline, { container, backend: SPMD_NATIVE_BACKEND_ID, resource, name: query.name });
      return { run: () => f(source), rows: (t: Table) => tableRows(t, query.keys) };
    },
  };
}
