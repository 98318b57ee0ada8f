export * from "./native-loader.js";

/**
 * The id the native backend registers under once it is built (see the package README).
 *
 * @example
 * ```ts
 * import { djit, type Frame } from "@datajax/datajax";
 * import { SPMD_NATIVE_BACKEND_ID } from "@datajax/backend-spmd-native";
 *
 * const passThrough = djit((t: Frame) => t, { backend: SPMD_NATIVE_BACKEND_ID });
 * ```
 */
export const SPMD_NATIVE_BACKEND_ID = "spmd-native";
