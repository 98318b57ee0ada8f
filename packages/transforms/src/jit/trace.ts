import { ScanNode, type PlanNode } from "@datajax/core-ir";
import { TraceOutputError } from "../errors/trace-output-error.js";
import { Frame } from "../tracing/frame.js";
import type { ArgSignature } from "./signature.js";

/**
 * Calls `fn` once with abstract values: a Frame over an argument Scan for each data argument
 * (`{ kind: "argument", name, uri: "arg:<i>", slot: i }`) and the static values as they are.
 * Returns the plan of the Frame it returns.
 */
export function traceFunction(
  fn: (...args: never[]) => unknown,
  functionName: string,
  signatures: readonly ArgSignature[],
  staticValues: readonly unknown[],
  names: readonly string[],
): PlanNode {
  const tracers = signatures.map((sig, i) => {
    if (sig.kind === "static") return staticValues[i];
    const name = names[i] ?? `arg${i}`;
    return new Frame(ScanNode.create({ kind: "argument", name, uri: `arg:${i}`, slot: i }, sig.schema, { sharding: sig.sharding }));
  });
  const out = (fn as (...args: unknown[]) => unknown)(...tracers);
  if (!(out instanceof Frame)) throw new TraceOutputError(functionName, out);
  return out.plan;
}
