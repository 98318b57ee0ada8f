import { BACKEND_TOKEN } from "@datajax/core-ir";
import { LocalBackend } from "./local-backend.js";

/** The part of a tsyringe DependencyContainer this package uses (kept structural: no tsyringe import). */
export interface BackendRegistry {
  register(token: symbol, provider: { useValue: unknown }): unknown;
}

/** Registers a LocalBackend under BACKEND_TOKEN; nothing registers itself on import. */
export function registerLocalBackend(container: BackendRegistry): LocalBackend {
  const backend = new LocalBackend();
  container.register(BACKEND_TOKEN, { useValue: backend });
  return backend;
}
