#!/usr/bin/env node
import { DataJaxError } from "@datajax/core-ir";
import { runControlPlaneCli } from "./cli/control-plane-cli.js";

runControlPlaneCli(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (e: unknown) => {
    console.error(e instanceof DataJaxError ? `error [${e.code}]: ${e.message}` : e);
    process.exitCode = 1;
  },
);
