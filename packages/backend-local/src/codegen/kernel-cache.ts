import { generatedRuntime } from "./generated-runtime.js";

/**
 * Generated functions by key (a stage-plan hash plus the input layouts). Process-wide: the same
 * chain over the same layouts is compiled once, however many stages or runs use it.
 */
const kernels = new Map<string, unknown>();
let compiled = 0;

export function cachedKernel<F>(key: string, source: () => string): F {
  let fn = kernels.get(key);
  if (fn === undefined) {
    const text = source();
    try {
      fn = new Function("rt", text)(generatedRuntime);
    } catch (e) {
      throw new Error(`backend-local: generated kernel does not compile (${(e as Error).message}):\n${text}`);
    }
    kernels.set(key, fn);
    compiled++;
  }
  return fn as F;
}

/** How many kernels this process has generated (for tests of the cache). */
export const generatedKernelCount = (): number => compiled;
