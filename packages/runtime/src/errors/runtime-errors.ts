import { DataJaxError, type UnsupportedFeature } from "@datajax/core-ir";

/**
 * No backend with the requested id is registered in the container (code `DJX_BACKEND_NOT_FOUND`);
 * the message lists the registered ids and how to register one.
 *
 * @example
 * ```ts
 * import { BackendNotFoundError, createContainer, resolveBackend } from "@datajax/runtime";
 *
 * try {
 *   resolveBackend(createContainer(), "spmd-native");
 * } catch (err) {
 *   if (err instanceof BackendNotFoundError) console.error(err.code, err.message); // DJX_BACKEND_NOT_FOUND ...
 * }
 * ```
 */
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

/**
 * A traced function was called with an argument the executor cannot bind to its Scan (code
 * `DJX_ARGUMENT_BINDING`), e.g. no data for one of the graph's argument slots.
 *
 * @example
 * ```ts
 * import { ArgumentBindingError, type Executor } from "@datajax/runtime";
 * import type { StageGraph } from "@datajax/core-ir";
 *
 * async function runWithoutData(executor: Executor, graph: StageGraph) {
 *   try {
 *     await executor.run(graph, { arguments: new Map() });
 *   } catch (err) {
 *     if (err instanceof ArgumentBindingError) console.error(err.code, err.message); // DJX_ARGUMENT_BINDING argument 0 (...) has no data bound to it ...
 *   }
 * }
 * ```
 */
export class ArgumentBindingError extends DataJaxError {
  constructor(message: string) {
    super("DJX_ARGUMENT_BINDING", message);
  }
}

/**
 * A CustomUDF node names a function no registry holds (code `DJX_UDF_NOT_FOUND`); the message
 * lists the known names. Thrown before anything runs.
 *
 * @example
 * ```ts
 * import { UdfNotFoundError, type Executor } from "@datajax/runtime";
 * import type { DataSource, StageGraph } from "@datajax/core-ir";
 *
 * async function runWithoutUdfs(executor: Executor, graph: StageGraph, trips: DataSource) {
 *   try {
 *     await executor.run(graph, { arguments: new Map([[0, trips]]), udfs: new Map() });
 *   } catch (err) {
 *     if (err instanceof UdfNotFoundError) console.error(err.code); // "DJX_UDF_NOT_FOUND"
 *   }
 * }
 * ```
 */
export class UdfNotFoundError extends DataJaxError {
  constructor(name: string, known: readonly string[]) {
    super("DJX_UDF_NOT_FOUND", `no user function named "${name}" is registered (known: ${known.join(", ") || "none"}). Register it with udfs.register(...) before running.`);
  }
}

/**
 * A backend declared (through `Backend.unsupported`) that it cannot run parts of a stage graph,
 * and no fallback backend was configured (code `DJX_UNSUPPORTED_STAGE`). `features` lists each
 * stage, node and reason.
 *
 * @example
 * ```ts
 * import { Executor, UnsupportedStageError, type RunOptions } from "@datajax/runtime";
 * import type { Backend, StageGraph } from "@datajax/core-ir";
 *
 * async function runOrExplain(sqlBackend: Backend, graph: StageGraph, options: RunOptions) {
 *   try {
 *     return await new Executor(sqlBackend).run(graph, options);
 *   } catch (e) {
 *     if (e instanceof UnsupportedStageError) console.log(e.code, e.features.map((f) => `${f.stageId}: ${f.node}`)); // DJX_UNSUPPORTED_STAGE [...]
 *     throw e;
 *   }
 * }
 * ```
 */
export class UnsupportedStageError extends DataJaxError {
  /**
   * @param backend - Id of the backend that cannot run the graph.
   * @param features - What it cannot run: stage, node and reason of each.
   */
  constructor(
    /** Id of the backend that cannot run the graph. */
    readonly backend: string,
    /** What it cannot run: stage, node and reason of each. */
    readonly features: readonly UnsupportedFeature[],
  ) {
    super(
      "DJX_UNSUPPORTED_STAGE",
      `backend "${backend}" cannot run this stage graph:\n` +
        features.map((f) => `  stage ${f.stageId}, ${f.node}: ${f.reason}`).join("\n") +
        `\nRun it on a backend that supports these operations (e.g. backend: "local"), or configure a fallback backend ` +
        `(new Executor(backend, { fallback }), or djit(fn, { fallbackBackend: "local" })).`,
    );
  }
}
