import { BackendNotFoundError } from "@datajax/runtime";

/**
 * djit has no dependency container to resolve a backend from: none was passed in the options and
 * no default was set. It is a BackendNotFoundError (same code), with the two ways to provide one.
 */
export class NoContainerError extends BackendNotFoundError {
  constructor(backend: string | undefined) {
    super(backend, []);
    this.message +=
      " Then hand the container to DataJAX: djit(fn, { container }) or setDefaultContainer(container) from @datajax/transforms " +
      "(e.g. const container = createContainer(); registerLocalBackend(container); setDefaultContainer(container)).";
  }
}
