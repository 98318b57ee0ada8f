import { cacheHitCase } from "./cache-hit-case.js";
import type { BenchCase } from "./case-report.js";
import { featurizeMemoryCase } from "./featurize-memory-case.js";
import { lowerOverheadCase } from "./lower-overhead-case.js";
import { parquetReadCase } from "./parquet-read-case.js";
import { prunedFilterCase } from "./pruned-filter-case.js";
import { skewedJoinCase } from "./skewed-join-case.js";
import { twoCoreCeilingCase } from "./two-core-ceiling-case.js";

/** The cases beyond the reference queries, in the order the harness runs them (each in its own process). */
export const BENCH_CASES: readonly BenchCase[] = [parquetReadCase, prunedFilterCase, skewedJoinCase, featurizeMemoryCase, lowerOverheadCase, cacheHitCase, twoCoreCeilingCase];
