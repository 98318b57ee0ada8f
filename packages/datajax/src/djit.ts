import { djit as tracedJit } from "@datajax/transforms";
import { defaultContainer } from "./default-container.js";

/**
 * `djit` from @datajax/transforms, running on the umbrella's default container (the local
 * backend) unless `options.container` names another.
 */
export const djit: typeof tracedJit = (fn, options) => tracedJit(fn, { ...options, container: options?.container ?? defaultContainer() });
