import "reflect-metadata";
import { container as rootContainer, type DependencyContainer } from "tsyringe";
import { BACKEND_TOKEN, DEFAULT_BACKEND_ID_TOKEN, type Backend } from "@datajax/core-ir";
import { BackendNotFoundError } from "../errors/runtime-errors.js";

export type { DependencyContainer };

/**
 * A fresh child of tsyringe's root container. Nothing is registered on import: a deployment calls
 * `registerLocalBackend(container)`, `registerSpmdNativeBackend(container)`, ... on it.
 */
export function createContainer(): DependencyContainer {
  return rootContainer.createChildContainer();
}

/** Every backend registered under BACKEND_TOKEN (including in parent containers). */
export function registeredBackends(container: DependencyContainer): Backend[] {
  return container.isRegistered(BACKEND_TOKEN, true) ? container.resolveAll<Backend>(BACKEND_TOKEN) : [];
}

/**
 * The backend with `id`; without an id, the one registered under DEFAULT_BACKEND_ID_TOKEN, or the
 * only one registered. Fails with the list of registered ids and how to register one.
 */
export function resolveBackend(container: DependencyContainer, id?: string): Backend {
  const all = registeredBackends(container);
  const wanted = id ?? (container.isRegistered(DEFAULT_BACKEND_ID_TOKEN, true) ? container.resolve<string>(DEFAULT_BACKEND_ID_TOKEN) : undefined);
  const found = wanted === undefined ? (all.length === 1 ? all[0] : undefined) : all.find((b) => b.id === wanted);
  if (!found) throw new BackendNotFoundError(wanted, all.map((b) => b.id));
  return found;
}

/** Makes `id` the backend used when a transform names none. */
export function setDefaultBackend(container: DependencyContainer, id: string): void {
  container.register(DEFAULT_BACKEND_ID_TOKEN, { useValue: id });
}
