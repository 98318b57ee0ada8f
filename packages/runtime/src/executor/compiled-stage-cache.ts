import type { Backend, CompiledStage, Stage } from "@datajax/core-ir";

/**
 * Compiled stages keyed by backend id + compiler version + stage content hash, so the same stage
 * compiled twice (another trace, another process in the same run) reuses generated kernels.
 * Bounded: the least recently used entries go first.
 */
export class CompiledStageCache {
  private readonly entries = new Map<string, CompiledStage>();
  constructor(private readonly capacity = 256) {}

  key(backend: Backend, stage: Stage): string {
    return `${backend.id}@${backend.compilerVersion}:${stage.hash}`;
  }

  /** The cached compiled stage and whether it was a hit. */
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

  get size(): number {
    return this.entries.size;
  }
}

/** The process-wide cache used when an executor is given none. */
export const sharedCompiledStageCache = new CompiledStageCache();
