import { generatedRuntime } from "./generated-runtime.js";
import type { KernelDiskCache } from "./kernel-disk-cache.js";

/**
 * Generated functions by key (a stage-plan hash plus the input layouts). Process-wide: the same
 * chain over the same layouts is compiled once, however many stages or runs use it.
 */
const kernels = new Map<string, unknown>();
let compiled = 0;
let disk: KernelDiskCache | null = null;

/**
 * Keeps generated kernel sources on disk too (null: memory only), so a new process skips
 * generating them. Process-wide; registerLocalBackend's `kernelCacheDir` calls it.
 *
 * @example
 * ```ts
 * import { KernelDiskCache, useKernelDiskCache } from "@datajax/backend-local";
 *
 * useKernelDiskCache(new KernelDiskCache(".cache/datajax/kernels"));
 * // ... later, back to memory only:
 * useKernelDiskCache(null);
 * ```
 */
export function useKernelDiskCache(cache: KernelDiskCache | null): void {
  disk = cache;
}

/**
 * Forgets the kernels of this process (tests of the disk cache start cold with it); the disk
 * cache, if any, is kept.
 *
 * @example
 * ```ts
 * import { clearKernelMemory } from "@datajax/backend-local";
 *
 * // Start cold: the next run generates its kernels again (or reads them from the disk cache).
 * clearKernelMemory();
 * ```
 */
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

/**
 * How many kernels this process has compiled into functions (generated or read from disk; for
 * tests of the cache). Never decreases.
 *
 * @example
 * ```ts
 * import { generatedKernelCount } from "@datajax/backend-local";
 *
 * const before = generatedKernelCount();
 * // ... run a jitted function a second time ...
 * console.log(generatedKernelCount() - before); // 0: every kernel came from the cache
 * ```
 */
export const generatedKernelCount = (): number => compiled;
