import { registerLocalBackend } from "@datajax/backend-local";
import { readParquet } from "@datajax/io-parquet";
import { createContainer } from "@datajax/runtime";
import { djit } from "@datajax/transforms";
import { Table } from "apache-arrow";
import { featurize } from "../queries/queries.js";
import { tableRows } from "../queries/reference-query.js";
import type { BenchCase, CaseMeasurement } from "./case-report.js";
import { sampleStats, timeRuns } from "./sample-stats.js";

const MiB = 2 ** 20;
const arrowBytes = (t: Table) => t.batches.reduce((n, b) => n + b.data.children.reduce((m, c) => m + c.byteLength, 0), 0);
/** The process's peak resident set size so far, in bytes (Linux reports KiB). */
const peakRss = () => process.resourceUsage().maxRSS * 1024;

/**
 * The local backend's peak memory on featurize (issue 9: at most 1.5× the Arrow size of the
 * columns it reads plus its output). The case runs in its own process, and the peak RSS only
 * grows, so the streamed run (featurize over the Parquet source, batch by batch) is measured first
 * and the in-memory run (its columns loaded into an Arrow table first, as the query benchmark
 * does) second. Times are reported too; the two answers must agree.
 */
export const featurizeMemoryCase: BenchCase = {
  name: "featurize_memory",
  description: "featurize on the local backend: peak RSS against the Arrow size of the columns it reads plus its output",
  async run(inputs, runs) {
    const container = createContainer();
    registerLocalBackend(container);
    const fn = djit(featurize.pipeline, { container, name: "featurize_memory" });
    const out: CaseMeasurement[] = [];

    const streamed = await timeRuns(runs, async () => fn(await readParquet(inputs.parquetPath)));
    const streamedPeak = peakRss();

    const source = await readParquet(inputs.parquetPath, { columns: featurize.columns });
    const batches = [];
    for await (const b of source.scan({ columns: null, filter: null })) batches.push(b);
    const columns = new Table(batches);
    const inMemory = await timeRuns(runs, () => fn(columns));
    const inMemoryPeak = peakRss();

    const budget = arrowBytes(columns) + arrowBytes(inMemory.last);
    const detail = (peak: number) =>
      `peak RSS ${(peak / MiB).toFixed(0)} MiB = ${(peak / budget).toFixed(2)}× the ${featurize.columns.length} columns read (${(arrowBytes(columns) / MiB).toFixed(0)} MiB of Arrow) + output (${(arrowBytes(inMemory.last) / MiB).toFixed(2)} MiB); target ≤ 1.5×`;
    out.push({ engine: "datajax-local (streamed from Parquet)", unit: "ms", ...sampleStats(streamed.ms), detail: detail(streamedPeak), result: tableRows(streamed.last, featurize.keys) });
    out.push({ engine: "datajax-local (columns in memory)", unit: "ms", ...sampleStats(inMemory.ms), detail: detail(inMemoryPeak), result: tableRows(inMemory.last, featurize.keys) });
    return out;
  },
};
