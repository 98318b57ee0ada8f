export * from "./manifest/manifest.js";
export * from "./manifest/parse-manifest.js";
export * from "./manifest/diff-manifests.js";
export * from "./manifest/manifest-digest.js";
