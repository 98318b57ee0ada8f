import "reflect-metadata";
import { container as rootContainer, type DependencyContainer } from "tsyringe";
import { BACKEND_TOKEN, DEFAULT_BACKEND_ID_TOKEN, type Backend } from "@datajax/core-ir";
import { BackendNotFoundError } from "../errors/runtime-errors.js";

export type { DependencyContainer };

/**
 * A fresh child of tsyringe's root container. Nothing is registered on import: a deployment calls
 * `registerLocalBackend(container)`, `registerSpmdNativeBackend(container)`, ... on it.
 *
 * @example
 * ```ts
 * import { createContainer, resolveBackend } from "@datajax/runtime";
 * import { registerLocalBackend } from "@datajax/backend-local";
 *
 * const container = createContainer();
 * registerLocalBackend(container);
 * resolveBackend(container).id; // "local"
 * ```
 */
export function createContainer(): DependencyContainer {
  return rootContainer.createChildContainer();
}

/**
 * Every backend registered under BACKEND_TOKEN (including in parent containers); empty when none is.
 *
 * @example
 * ```ts
 * import { createContainer, registeredBackends } from "@datajax/runtime";
 * import { registerLocalBackend } from "@datajax/backend-local";
 *
 * const container = createContainer();
 * registeredBackends(container).length; // 0
 * registerLocalBackend(container);
 * registeredBackends(container).map((b) => b.id); // ["local"]
 * ```
 */
export function registeredBackends(container: DependencyContainer): Backend[] {
  return container.isRegistered(BACKEND_TOKEN, true) ? container.resolveAll<Backend>(BACKEND_TOKEN) : [];
}

/**
 * The backend with `id`; without an id, the one registered under DEFAULT_BACKEND_ID_TOKEN, or the
 * only one registered. Throws BackendNotFoundError (`DJX_BACKEND_NOT_FOUND`) with the list of
 * registered ids and how to register one.
 *
 * @example
 * ```ts
 * import { createContainer, resolveBackend } from "@datajax/runtime";
 * import { registerLocalBackend } from "@datajax/backend-local";
 *
 * const container = createContainer();
 * registerLocalBackend(container);
 * const backend = resolveBackend(container, "local");
 * console.log(backend.id, backend.compilerVersion);
 * ```
 */
export function resolveBackend(container: DependencyContainer, id?: string): Backend {
  const all = registeredBackends(container);
  const wanted = id ?? (container.isRegistered(DEFAULT_BACKEND_ID_TOKEN, true) ? container.resolve<string>(DEFAULT_BACKEND_ID_TOKEN) : undefined);
  const found = wanted === undefined ? (all.length === 1 ? all[0] : undefined) : all.find((b) => b.id === wanted);
  if (!found) throw new BackendNotFoundError(wanted, all.map((b) => b.id));
  return found;
}

/**
 * Makes `id` the backend used when a transform names none (it is not checked to be registered
 * until resolveBackend runs).
 *
 * @example
 * ```ts
 * import { createContainer, resolveBackend, setDefaultBackend } from "@datajax/runtime";
 * import { registerLocalBackend } from "@datajax/backend-local";
 *
 * const container = createContainer();
 * registerLocalBackend(container);
 * setDefaultBackend(container, "local");
 * resolveBackend(container).id; // "local"
 * ```
 */
export function setDefaultBackend(container: DependencyContainer, id: string): void {
  container.register(DEFAULT_BACKEND_ID_TOKEN, { useValue: id });
}
