import type { DependencyContainer } from "@datajax/runtime";

let defaultContainer: DependencyContainer | undefined;

/**
 * Sets the container djit resolves backends from when a call names none. Nothing is registered on
 * import: compose one with createContainer() and registerLocalBackend(container) (or the datajax
 * package's defaultContainer()). Pass undefined to clear it.
 */
export function setDefaultContainer(container: DependencyContainer | undefined): void {
  defaultContainer = container;
}

/** The container set by setDefaultContainer, if any. */
export function getDefaultContainer(): DependencyContainer | undefined {
  return defaultContainer;
}
