import { describeBackendConformance } from "@datajax/runtime/testing";
import { DuckDbBackend } from "../src/index.js";

// Every kit case at 1, 2 and 4 ranks: this backend runs a multi-rank graph in one process, so
// the exchange cases check that its stages chain correctly and return the same rows.
describeBackendConformance({ name: "duckdb", createBackend: () => new DuckDbBackend({ threads: 1 }) });
