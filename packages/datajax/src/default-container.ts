import { registerLocalBackend } from "@datajax/backend-local";
import { createContainer, setDefaultBackend, type DependencyContainer } from "@datajax/runtime";
import { getDefaultContainer, setDefaultContainer } from "@datajax/transforms";

let created: DependencyContainer | undefined;

/**
 * The umbrella's container: the local backend, registered on first use (never on import) and
 * made the default of every djit that names no container. Call setDefaultContainer(yours) first
 * to compose your own deployment instead.
 *
 * @example
 * ```ts
 * import { defaultContainer, registeredBackends, resolveBackend } from "@datajax/datajax";
 *
 * const container = defaultContainer(); // the same container on every call
 * registeredBackends(container).map((b) => b.id); // ["local"]
 * resolveBackend(container).id; // "local"
 * ```
 */
export function defaultContainer(): DependencyContainer {
  const existing = getDefaultContainer();
  if (existing) return existing;
  if (!created) {
    created = createContainer();
    registerLocalBackend(created);
    setDefaultBackend(created, "local");
  }
  setDefaultContainer(created);
  return created;
}
