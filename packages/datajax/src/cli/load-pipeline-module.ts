import { resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { DataJaxError } from "@datajax/core-ir";
import type { JittedFunction } from "@datajax/transforms";
import { djit } from "../djit.js";

/** A user's pipeline module, as `datajax explain|run <file>` loads it. */
export interface PipelineModule {
  // biome-ignore lint/suspicious/noExplicitAny: a user's module exports a jitted function of any signature.
  readonly fn: JittedFunction<(...args: any[]) => any>;
  readonly args: readonly unknown[];
}

export class PipelineModuleError extends DataJaxError {
  constructor(file: string, problem: string) {
    super(
      "DJX_PIPELINE_MODULE",
      `${file}: ${problem}\n  A pipeline module exports its function as default (a djit function or a plain (...frames) => Frame)\n` +
        "  and its inputs as `args` (an array, or a function returning one or a promise of one), e.g.\n" +
        '    export default djit((trips) => trips.filter(col("fare_amount").gt(0)));\n' +
        '    export const args = async () => [await readParquet("data/taxi.parquet")];',
    );
  }
}

/** Imports `file` (an ES module) and returns its function and resolved arguments. */
export async function loadPipelineModule(file: string): Promise<PipelineModule> {
  const url = pathToFileURL(resolve(file)).href;
  let mod: Record<string, unknown>;
  try {
    mod = (await import(url)) as Record<string, unknown>;
  } catch (e) {
    throw new PipelineModuleError(file, `could not be imported: ${(e as Error).message}`);
  }
  const exported = mod.default;
  if (typeof exported !== "function") throw new PipelineModuleError(file, "has no default export function.");
  const fn = (typeof (exported as { lower?: unknown }).lower === "function" ? exported : djit(exported as never)) as PipelineModule["fn"];
  const rawArgs = typeof mod.args === "function" ? await (mod.args as () => unknown)() : await mod.args;
  if (!Array.isArray(rawArgs)) throw new PipelineModuleError(file, "exports no `args` array (or function returning one).");
  return { fn, args: rawArgs };
}
