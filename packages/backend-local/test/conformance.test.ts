import { describeBackendConformance } from "@datajax/runtime/testing";
import { LocalBackend } from "../src/index.js";

// The reference backend must pass every case of the kit, on one process and on 2 and 4 simulated ranks.
describeBackendConformance({ name: "local", createBackend: () => new LocalBackend(), ranks: [1, 2, 4] });
