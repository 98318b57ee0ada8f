import { DuckDBInstance } from "@duckdb/node-api";
import { registerLocalBackend } from "@datajax/backend-local";
import { registerSpmdNativeBackend, SPMD_NATIVE_BACKEND_ID } from "@datajax/backend-spmd-native";
import { createContainer, tableSource } from "@datajax/runtime";
import { col, count, djit, type Frame, pjit, Resource, sum } from "@datajax/transforms";
import { readTaxiTable } from "../harness/read-taxi-table.js";
import { tableRows } from "../queries/reference-query.js";
import { SKEWED_JOIN_EXPONENT, SKEWED_JOIN_KEYS } from "../data/ensure-skewed-join-dataset.js";
import type { BenchCase, CaseMeasurement } from "./case-report.js";
import { sampleStats, timeRuns } from "./sample-stats.js";

/** Facts inner-joined to the dimension on the skewed key: rows kept and the weighted amount. */
const skewedJoin = (facts: Frame, dim: Frame) =>
  facts
    .join(dim, { on: "key", how: "inner" })
    .withColumns({ weighted: col("amount").mul(col("weight")) })
    .agg({ n: count(), weighted_sum: sum("weighted") });

const SQL = "SELECT count(*) AS n, sum(amount * weight) AS weighted_sum FROM facts JOIN dim USING (key)";

/**
 * An inner join on a Zipf-skewed key (the skewed-key dataset: facts in memory, a 90,000-row
 * dimension): DataJAX local (djit) and native (pjit on the SPMD backend, a world of one) against
 * DuckDB with 2 threads over native tables; the same answer from each.
 */
export const skewedJoinCase: BenchCase = {
  name: "skewed_join",
  description: `inner join on a Zipf(${SKEWED_JOIN_EXPONENT})-skewed key over ${SKEWED_JOIN_KEYS.toLocaleString("en-US")} keys, count and sum(amount × weight)`,
  async run(inputs, runs) {
    const factsTable = await readTaxiTable(inputs.joinFactsPath);
    const dimTable = await readTaxiTable(inputs.joinDimPath);
    const facts = tableSource(factsTable, "facts");
    const dim = tableSource(dimTable, "dim");
    const detail = `${factsTable.numRows.toLocaleString("en-US")} facts × ${dimTable.numRows.toLocaleString("en-US")} dimension rows`;
    const out: CaseMeasurement[] = [];

    const local = createContainer();
    registerLocalBackend(local);
    const localJoin = djit(skewedJoin, { container: local, name: "skewed_join" });
    const l = await timeRuns(runs, () => localJoin(facts, dim));
    out.push({ engine: "datajax-local", unit: "ms", ...sampleStats(l.ms), detail, result: tableRows(l.last, []) });

    const native = createContainer();
    registerSpmdNativeBackend(native);
    const nativeJoin = pjit(skewedJoin, { container: native, backend: SPMD_NATIVE_BACKEND_ID, resource: new Resource({ axes: { data: 1 } }), name: "skewed_join" });
    const n = await timeRuns(runs, () => nativeJoin(facts, dim));
    out.push({ engine: "datajax-native-1r", unit: "ms", ...sampleStats(n.ms), detail, result: tableRows(n.last, []) });

    const db = await DuckDBInstance.create(":memory:", { threads: "2" });
    const connection = await db.connect();
    const quote = (p: string) => `'${p.replaceAll("'", "''")}'`;
    await connection.run(`CREATE TABLE facts AS SELECT * FROM read_parquet(${quote(inputs.joinFactsPath)})`);
    await connection.run(`CREATE TABLE dim AS SELECT * FROM read_parquet(${quote(inputs.joinDimPath)})`);
    const d = await timeRuns(runs, async () => (await connection.runAndReadAll(SQL)).getRowObjects());
    connection.closeSync();
    out.push({
      engine: "duckdb-2t",
      unit: "ms",
      ...sampleStats(d.ms),
      detail,
      result: d.last.map((r) => ({ n: Number(r["n"]), weighted_sum: r["weighted_sum"] === null ? null : Number(r["weighted_sum"]) })),
    });
    return out;
  },
};
