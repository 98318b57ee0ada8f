export * from "./plan-stages.js";
