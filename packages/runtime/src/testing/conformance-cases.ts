import type { ConformanceCase } from "./conformance-case.js";
import { aggregateCases } from "./cases/aggregate-cases.js";
import { exchangeCases } from "./cases/exchange-cases.js";
import { expressionCases } from "./cases/expression-cases.js";
import { joinCases } from "./cases/join-cases.js";
import { orderCases } from "./cases/order-cases.js";
import { relationalCases } from "./cases/relational-cases.js";
import { udfCases } from "./cases/udf-cases.js";

/**
 * Every case of the conformance kit: scans, projections and filters; scalar expressions;
 * aggregates and group-by; joins; sort, limit and union; multi-stage graphs with exchanges at 1,
 * 2 and 4 ranks; user functions (CustomUDF, vectorized and row mode, implementations in the
 * case's `udfs`). Ids are unique (per rank count).
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
  ...udfCases,
]);
