#!/usr/bin/env node
import { DataJaxError } from "@datajax/core-ir";
import { runCli } from "./cli/run-cli.js";

runCli(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (e: unknown) => {
    if (e instanceof DataJaxError) console.error(`error [${e.code}]: ${e.message}`);
    else console.error(e);
    process.exitCode = 1;
  },
);
