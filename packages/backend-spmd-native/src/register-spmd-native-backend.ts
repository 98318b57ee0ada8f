import { BACKEND_TOKEN } from "@datajax/core-ir";
import { SpmdNativeBackend, type SpmdNativeBackendOptions } from "./spmd-native-backend.js";

/**
 * The part of a tsyringe DependencyContainer this package uses (structural: no tsyringe import).
 *
 * @example
 * ```ts
 * import { createContainer } from "@datajax/runtime";
 * import { registerSpmdNativeBackend, type SpmdBackendRegistry } from "@datajax/backend-spmd-native";
 *
 * const registry: SpmdBackendRegistry = createContainer(); // any tsyringe container fits
 * registerSpmdNativeBackend(registry);
 * ```
 */
export interface SpmdBackendRegistry {
  /** Registers `provider.useValue` under `token` (tsyringe's `register`). */
  register(token: symbol, provider: { useValue: unknown }): unknown;
}

/**
 * Registers a SpmdNativeBackend (id "spmd-native") under BACKEND_TOKEN and returns it; nothing
 * registers itself on import, and registering needs no MPI (the world is joined when a graph runs).
 *
 * @example
 * ```ts
 * import { createContainer, setDefaultBackend } from "@datajax/runtime";
 * import { registerSpmdNativeBackend } from "@datajax/backend-spmd-native";
 *
 * const container = createContainer();
 * registerSpmdNativeBackend(container);
 * setDefaultBackend(container, "spmd-native"); // djit functions without a backend now run on it
 * ```
 */
export function registerSpmdNativeBackend(container: SpmdBackendRegistry, options: SpmdNativeBackendOptions = {}): SpmdNativeBackend {
  const backend = new SpmdNativeBackend(options);
  container.register(BACKEND_TOKEN, { useValue: backend });
  return backend;
}
