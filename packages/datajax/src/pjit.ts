import { pjit as tracedPjit } from "@datajax/transforms";
import { defaultContainer } from "./default-container.js";

/** `pjit` from @datajax/transforms, running on the umbrella's default container unless `options.container` names another. */
export const pjit: typeof tracedPjit = (fn, options) => tracedPjit(fn, { ...options, container: options.container ?? defaultContainer() });
