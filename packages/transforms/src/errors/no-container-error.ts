import { BackendNotFoundError } from "@datajax/runtime";

/**
 * djit has no dependency container to resolve a backend from: none was passed in the options and
 * no default was set. It is a BackendNotFoundError (same code, `DJX_BACKEND_NOT_FOUND`), with the
 * two ways to provide one.
 *
 * @example
 * ```ts
 * import { tableFromArrays } from "apache-arrow";
 * import { djit, NoContainerError, setDefaultContainer, type Frame } from "@datajax/transforms";
 * setDefaultContainer(undefined);
 * try {
 *   await djit((trips: Frame) => trips.head(1))(tableFromArrays({ fare: Float64Array.from([1]) }));
 * } catch (err) {
 *   if (err instanceof NoContainerError) console.log(err.code); // "DJX_BACKEND_NOT_FOUND"
 * }
 * ```
 */
export class NoContainerError extends BackendNotFoundError {
  constructor(backend: string | undefined) {
    super(backend, []);
    this.message +=
      " Then hand the container to DataJAX: djit(fn, { container }) or setDefaultContainer(container) from @datajax/transforms " +
      "(e.g. const container = createContainer(); registerLocalBackend(container); setDefaultContainer(container)).";
  }
}
