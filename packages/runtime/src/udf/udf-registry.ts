import { DataJaxError, type UdfImplementation } from "@datajax/core-ir";

/** User functions for CustomUDF nodes, by name. Refuses silent overrides (as Arquero's registry does). */
export class UdfRegistry {
  private readonly entries = new Map<string, UdfImplementation>();

  register(name: string, impl: UdfImplementation, options: { override?: boolean } = {}): void {
    if (this.entries.has(name) && !options.override) {
      throw new DataJaxError("DJX_UDF_EXISTS", `a user function named "${name}" is already registered; pass { override: true } to replace it.`);
    }
    this.entries.set(name, impl);
  }

  get(name: string): UdfImplementation | undefined {
    return this.entries.get(name);
  }

  asMap(): ReadonlyMap<string, UdfImplementation> {
    return this.entries;
  }
}
