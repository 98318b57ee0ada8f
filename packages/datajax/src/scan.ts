import { scan as tracedScan } from "@datajax/transforms";
import { defaultContainer } from "./default-container.js";

/** `scan` from @datajax/transforms, running on the umbrella's default container unless `options.container` names another. */
export const scan: typeof tracedScan = (fn, init, xs, options = {}) => tracedScan(fn, init, xs, { ...options, container: options.container ?? defaultContainer() });
