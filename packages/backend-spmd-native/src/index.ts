export * from "./native-loader.js";

/** The id the native backend registers under once it is built (see the package README). */
export const SPMD_NATIVE_BACKEND_ID = "spmd-native";
