import type { DependencyContainer } from "@datajax/runtime";

let defaultContainer: DependencyContainer | undefined;

/**
 * Sets the container djit resolves backends from when a call names none. Nothing is registered on
 * import: compose one with createContainer() and registerLocalBackend(container) (or the datajax
 * package's defaultContainer()). Pass undefined to clear it.
 *
 * @example
 * ```ts
 * import { createContainer } from "@datajax/runtime";
 * import { registerLocalBackend } from "@datajax/backend-local";
 * import { djit, setDefaultContainer, type Frame } from "@datajax/transforms";
 * const container = createContainer();
 * registerLocalBackend(container);
 * setDefaultContainer(container);
 * const firstRows = djit((trips: Frame) => trips.head(3)); // no { container } needed now
 * ```
 */
export function setDefaultContainer(container: DependencyContainer | undefined): void {
  defaultContainer = container;
}

/**
 * The container set by setDefaultContainer, if any.
 *
 * @example
 * ```ts
 * import { createContainer } from "@datajax/runtime";
 * import { getDefaultContainer, setDefaultContainer } from "@datajax/transforms";
 * if (getDefaultContainer() === undefined) setDefaultContainer(createContainer());
 * ```
 */
export function getDefaultContainer(): DependencyContainer | undefined {
  return defaultContainer;
}
