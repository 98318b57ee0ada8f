import type { ConformanceCase } from "./conformance-case.js";
import { aggregateCases } from "./cases/aggregate-cases.js";
import { exchangeCases } from "./cases/exchange-cases.js";
import { expressionCases } from "./cases/expression-cases.js";
import { joinCases } from "./cases/join-cases.js";
import { orderCases } from "./cases/order-cases.js";
import { relationalCases } from "./cases/relational-cases.js";

/**
 * Every case of the conformance kit: scans, projections and filters; scalar expressions;
 * aggregates and group-by; joins; sort, limit and union; multi-stage graphs with exchanges at 1,
 * 2 and 4 ranks. Ids are unique.
 *
 * @example
 * const joins = conformanceCases.filter((c) => c.features?.includes("join"));
 */
export const conformanceCases: readonly ConformanceCase[] = Object.freeze([
  ...relationalCases,
  ...expressionCases,
  ...aggregateCases,
  ...joinCases,
  ...orderCases,
  ...exchangeCases,
]);
