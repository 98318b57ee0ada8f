import { DataJaxError } from "@datajax/core-ir";

/** No backend with the requested id is registered in the container. */
export class BackendNotFoundError extends DataJaxError {
  constructor(id: string | undefined, registered: readonly string[]) {
    super(
      "DJX_BACKEND_NOT_FOUND",
      (id === undefined ? "no backend is registered" : `no backend "${id}" is registered`) +
        ` (registered: ${registered.length ? registered.join(", ") : "none"}). ` +
        "Register one first, e.g. registerLocalBackend(container) from @datajax/backend-local, or use the datajax package's defaultContainer().",
    );
  }
}

/** A traced function was called with an argument the executor cannot bind to its Scan. */
export class ArgumentBindingError extends DataJaxError {
  constructor(message: string) {
    super("DJX_ARGUMENT_BINDING", message);
  }
}

/** A CustomUDF node names a function no registry holds. */
export class UdfNotFoundError extends DataJaxError {
  constructor(name: string, known: readonly string[]) {
    super("DJX_UDF_NOT_FOUND", `no user function named "${name}" is registered (known: ${known.join(", ") || "none"}). Register it with udfs.register(...) before running.`);
  }
}
