import { BACKEND_TOKEN } from "@datajax/core-ir";
import { LocalBackend, type LocalBackendOptions } from "./local-backend.js";
import { useKernelDiskCache } from "./codegen/kernel-cache.js";
import { KernelDiskCache } from "./codegen/kernel-disk-cache.js";

/**
 * The part of a tsyringe DependencyContainer this package uses (kept structural: no tsyringe import).
 *
 * @example
 * ```ts
 * import { createContainer } from "@datajax/runtime";
 * import { registerLocalBackend, type BackendRegistry } from "@datajax/backend-local";
 *
 * const registry: BackendRegistry = createContainer(); // any tsyringe container fits
 * registerLocalBackend(registry);
 * ```
 */
export interface BackendRegistry {
  /** Registers `provider.useValue` under `token` (tsyringe's `register`). */
  register(token: symbol, provider: { useValue: unknown }): unknown;
}

/**
 * Registers a LocalBackend under BACKEND_TOKEN; nothing registers itself on import. With
 * `kernelCacheDir`, generated kernels are also kept on disk there (see KernelDiskCache; this
 * setting is process-wide); `threads` is the backend's (see LocalBackendOptions). Returns the
 * backend it registered.
 *
 * @example
 * ```ts
 * import { createContainer, setDefaultBackend } from "@datajax/runtime";
 * import { registerLocalBackend } from "@datajax/backend-local";
 *
 * const container = createContainer();
 * registerLocalBackend(container, { kernelCacheDir: ".cache/datajax/kernels", threads: 2 });
 * setDefaultBackend(container, "local");
 * ```
 */
export function registerLocalBackend(container: BackendRegistry, options: { readonly kernelCacheDir?: string } & LocalBackendOptions = {}): LocalBackend {
  if (options.kernelCacheDir) useKernelDiskCache(new KernelDiskCache(options.kernelCacheDir));
  const backend = new LocalBackend(options.threads === undefined ? {} : { threads: options.threads });
  container.register(BACKEND_TOKEN, { useValue: backend });
  return backend;
}
