export * from "./plan-stages.js";
export * from "./planner-options.js";
