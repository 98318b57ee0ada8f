import type { Backend, CompiledStage, Stage } from "@datajax/core-ir";

/**
 * Compiled stages keyed by backend id + compiler version + stage content hash, so the same stage
 * compiled twice (another trace, another process in the same run) reuses generated kernels.
 * Bounded: the least recently used entries go first.
 *
 * @example
 * ```ts
 * import { CompiledStageCache, Executor } from "@datajax/runtime";
 * import { LocalBackend } from "@datajax/backend-local";
 *
 * // An executor with its own cache of at most 32 compiled stages instead of the shared one.
 * const executor = new Executor(new LocalBackend(), { cache: new CompiledStageCache(32) });
 * ```
 */
export class CompiledStageCache {
  private readonly entries = new Map<string, CompiledStage>();
  /** @param capacity - Most compiled stages kept (default 256); the least recently used is dropped beyond it. */
  constructor(private readonly capacity = 256) {}

  /** The cache key of `stage` on `backend`: `<backend id>@<compiler version>:<stage hash>`. */
  key(backend: Backend, stage: Stage): string {
    return `${backend.id}@${backend.compilerVersion}:${stage.hash}`;
  }

  /** The cached compiled stage (compiling it with `backend.compile` on a miss) and whether it was a hit. */
  getOrCompile(backend: Backend, stage: Stage): { compiled: CompiledStage; hit: boolean } {
    const k = this.key(backend, stage);
    const found = this.entries.get(k);
    if (found) {
      this.entries.delete(k);
      this.entries.set(k, found);
      return { compiled: found, hit: true };
    }
    const compiled = backend.compile(stage);
    this.entries.set(k, compiled);
    if (this.entries.size > this.capacity) this.entries.delete(this.entries.keys().next().value!);
    return { compiled, hit: false };
  }

  /** Number of compiled stages held. */
  get size(): number {
    return this.entries.size;
  }
}

/**
 * The process-wide cache used when an executor is given none.
 *
 * @example
 * ```ts
 * import { Executor, sharedCompiledStageCache } from "@datajax/runtime";
 * import { LocalBackend } from "@datajax/backend-local";
 *
 * const executor = new Executor(new LocalBackend()); // compiles through sharedCompiledStageCache
 * console.log(`${sharedCompiledStageCache.size} compiled stage(s) cached`);
 * ```
 */
export const sharedCompiledStageCache = new CompiledStageCache();
