// Runs the conformance kit under mpirun, one process per rank, on the built package (dist/):
// every case whose `ranks` equals the world size goes through the Executor with SpmdNativeBackend
// on every rank; rank 0 compares the gathered result with the case's expected rows and prints one
// JSON summary line: { size, resourceAgrees, cases, passed, refused, failed: [{ id, message }] }.
// Every rank also checks that it holds the rows the local backend's rank simulation puts on it.
//   mpirun -n 4 node test/mpi/run-conformance.mjs
import { CompiledStageCache, Executor, tableSource, UnsupportedStageError } from "@datajax/runtime";
import { Table } from "apache-arrow";
import { LocalBackend } from "@datajax/backend-local";
import { compareRows, conformanceCases, conformanceTestName, runConformanceCase, tableRows } from "@datajax/runtime/testing";
import { Resource } from "@datajax/transforms";
import { allreduce, SpmdNativeBackend, spmdWorld } from "../../dist/index.js";

const { rank, size } = spmdWorld();
// Resource.fromMpi() reads the launcher's environment; it must describe the world MPI_Init joined.
const resourceAgrees = Resource.fromMpi().axes.data === size;
const backend = new SpmdNativeBackend();
const cases = conformanceCases.filter((c) => (c.ranks ?? 1) === size);
const passed = [];
const refused = [];
const failed = [];

const argumentsOf = (c) => new Map(c.inputs.map((table, slot) => [slot, tableSource(table, `arg${slot}`)]));
const options = (c) => ({ arguments: argumentsOf(c), ranks: size, ...(c.udfs ? { udfs: c.udfs } : {}) });

/** How this rank's rows differ from the rows the local backend simulates on this rank (null: they do not). */
async function placementDifference(c) {
  const mine = [];
  const spmd = new Executor(backend, { cache: new CompiledStageCache() });
  const { compiled } = spmd.compile(c.graph);
  for await (const _b of backend.execute(c.graph, compiled, { ...options(c), onRankBatch: (r, b) => r === rank && mine.push(b) }));
  const simulated = await new Executor(new LocalBackend(), { cache: new CompiledStageCache() }).run(c.graph, options(c));
  const local = simulated.ranks ? simulated.ranks[rank] : simulated.table;
  return compareRows(mine.flatMap((b) => tableRows(new Table(b))), tableRows(local), { ordered: false });
}

for (const c of cases) {
  const name = conformanceTestName(c);
  try {
    if (rank === 0) {
      await runConformanceCase(backend, c);
    } else {
      // The other ranks run the same collectives; their execute() yields an empty batch.
      await new Executor(backend, { cache: new CompiledStageCache() }).run(c.graph, options(c));
    }
  } catch (e) {
    if (e instanceof UnsupportedStageError) refused.push(name);
    else failed.push({ id: name, message: e instanceof Error ? e.message : String(e) });
    continue;
  }
  const difference = size > 1 ? await placementDifference(c) : null;
  const [ranksDiffering] = allreduce(new Float64Array([difference === null ? 0 : 1]), "sum");
  if (difference !== null) console.error(`rank ${rank}, ${name}: ${difference}`);
  if (ranksDiffering > 0) failed.push({ id: name, message: `${ranksDiffering} rank(s) hold other rows than the local backend places on them` });
  else passed.push(name);
}

if (rank === 0) console.log(JSON.stringify({ size, resourceAgrees, cases: cases.length, passed, refused, failed }));
