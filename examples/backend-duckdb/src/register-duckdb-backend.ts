import { BACKEND_TOKEN } from "@datajax/core-ir";
import type { DependencyContainer } from "@datajax/runtime";
import { DuckDbBackend, type DuckDbBackendOptions } from "./duckdb-backend.js";

/**
 * Registers a DuckDbBackend (id "duckdb") under BACKEND_TOKEN, as registerLocalBackend does for
 * the local one; nothing registers itself on import. Returns the backend.
 *
 * @example
 * ```ts
 * import "reflect-metadata";
 * import { createContainer, resolveBackend } from "@datajax/runtime";
 * import { registerDuckDbBackend } from "@datajax-examples/backend-duckdb";
 *
 * const container = createContainer();
 * registerDuckDbBackend(container, { threads: 2 });
 * resolveBackend(container, "duckdb").id; // "duckdb"
 * ```
 */
export function registerDuckDbBackend(container: Pick<DependencyContainer, "register">, options: DuckDbBackendOptions = {}): DuckDbBackend {
  const backend = new DuckDbBackend(options);
  container.register(BACKEND_TOKEN, { useValue: backend });
  return backend;
}
