import { generatedRuntime } from "./generated-runtime.js";
import type { KernelDiskCache } from "./kernel-disk-cache.js";

/**
 * Generated functions by key (a stage-plan hash plus the input layouts). Process-wide: the same
 * chain over the same layouts is compiled once, however many stages or runs use it.
 */
const kernels = new Map<string, unknown>();
let compiled = 0;
let disk: KernelDiskCache | null = null;

/** Keeps generated kernel sources on disk too (null: memory only), so a new process skips generating them. */
export function useKernelDiskCache(cache: KernelDiskCache | null): void {
  disk = cache;
}

/** Forgets the kernels of this process (tests of the disk cache start cold with it). */
export function clearKernelMemory(): void {
  kernels.clear();
}

export function cachedKernel<F>(key: string, source: () => string): F {
  let fn = kernels.get(key);
  if (fn === undefined) {
    let text = disk?.get(key);
    if (text === undefined) {
      text = source();
      disk?.put(key, text);
    }
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
