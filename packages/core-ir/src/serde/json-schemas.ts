import * as z from "zod";
import { aggregates } from "../expr/aggregates.js";
import { operators } from "../expr/operators.js";

/** zod schemas of the plan JSON format (version 1). Types are derived from them. */
export const DataTypeJson = z.discriminatedUnion("id", [
  z.object({ id: z.enum(["null", "bool", "int8", "int16", "int32", "int64", "uint8", "uint16", "uint32", "uint64", "float32", "float64", "date32"]) }),
  z.object({ id: z.literal("utf8"), dictionary: z.boolean() }),
  z.object({ id: z.literal("timestamp"), unit: z.enum(["s", "ms", "us", "ns"]), tz: z.string().nullable() }),
]);

export const FieldJson = z.object({ name: z.string().min(1), type: DataTypeJson, nullable: z.boolean() });
export const SchemaJson = z.object({ fields: z.array(FieldJson) });

const opNames = Object.keys(operators) as [keyof typeof operators, ...(keyof typeof operators)[]];
const aggNames = Object.keys(aggregates) as [keyof typeof aggregates, ...(keyof typeof aggregates)[]];

/**
 * bigint literals travel as `{ "$bigint": "123" }`; numbers JSON cannot hold (NaN, ±Infinity, and
 * -0, which JSON.stringify writes as null or 0) as `{ "$float": "NaN" }`.
 */
export const LiteralValueJson = z.union([
  z.null(),
  z.boolean(),
  z.number(),
  z.string(),
  z.object({ $bigint: z.string().regex(/^-?\d+$/) }),
  z.object({ $float: z.enum(["NaN", "Infinity", "-Infinity", "-0"]) }),
]);

export type ExprJson =
  | { kind: "column"; name: string }
  | { kind: "literal"; value: z.infer<typeof LiteralValueJson>; type: z.infer<typeof DataTypeJson> }
  | { kind: "call"; op: keyof typeof operators; args: ExprJson[]; options?: { to?: z.infer<typeof DataTypeJson>; decimals?: number } };

export const ExprJson: z.ZodType<ExprJson> = z.lazy(() =>
  z.discriminatedUnion("kind", [
    z.object({ kind: z.literal("column"), name: z.string() }),
    z.object({ kind: z.literal("literal"), value: LiteralValueJson, type: DataTypeJson }),
    z.object({
      kind: z.literal("call"),
      op: z.enum(opNames),
      args: z.array(ExprJson),
      options: z.object({ to: DataTypeJson.optional(), decimals: z.number().int().optional() }).optional(),
    }),
  ]),
) as z.ZodType<ExprJson>;

export const AggregateExprJson = z.object({ fn: z.enum(aggNames), arg: ExprJson.nullable() });

export const ShardingJson = z.discriminatedUnion("kind", [
  z.object({ kind: z.literal("single") }),
  z.object({ kind: z.literal("replicated"), axis: z.string() }),
  z.object({ kind: z.literal("block"), axis: z.string() }),
  z.object({ kind: z.literal("hash"), keys: z.array(z.string()).min(1), axis: z.string() }),
]);

export const SourceRefJson = z.object({ kind: z.string(), name: z.string(), uri: z.string(), slot: z.number().int().nonnegative().optional() });

/** A plan node in JSON: nodes are stored once in `nodes` and refer to inputs by index (shared subplans stay shared). */
export const NodeJson = z.discriminatedUnion("kind", [
  z.object({ kind: z.literal("Scan"), source: SourceRefJson, sourceSchema: SchemaJson, columns: z.array(z.string()).nullable(), filter: ExprJson.nullable(), sharding: ShardingJson }),
  z.object({ kind: z.literal("Map"), input: z.number().int(), assignments: z.array(z.object({ name: z.string(), expr: ExprJson })) }),
  z.object({ kind: z.literal("Project"), input: z.number().int(), columns: z.array(z.object({ name: z.string(), from: z.string() })) }),
  z.object({ kind: z.literal("Filter"), input: z.number().int(), predicate: ExprJson }),
  z.object({ kind: z.literal("GroupBy"), input: z.number().int(), keys: z.array(z.string()) }),
  z.object({ kind: z.literal("Aggregate"), input: z.number().int(), aggregates: z.array(z.object({ name: z.string(), agg: AggregateExprJson })) }),
  z.object({ kind: z.literal("Join"), left: z.number().int(), right: z.number().int(), how: z.enum(["inner", "left", "right", "full", "semi", "anti"]), leftOn: z.array(z.string()), rightOn: z.array(z.string()), suffix: z.string() }),
  z.object({ kind: z.literal("Repartition"), input: z.number().int(), sharding: ShardingJson, strict: z.boolean() }),
  z.object({ kind: z.literal("CustomUDF"), input: z.number().int(), name: z.string(), mode: z.enum(["vectorized", "row"]), reads: z.array(z.string()), schema: SchemaJson }),
  z.object({ kind: z.literal("Sort"), input: z.number().int(), keys: z.array(z.object({ column: z.string(), descending: z.boolean(), nullsLast: z.boolean() })) }),
  z.object({ kind: z.literal("Limit"), input: z.number().int(), count: z.number().int().nonnegative(), offset: z.number().int().nonnegative(), by: z.array(z.string()).optional() }),
  z.object({ kind: z.literal("Union"), inputs: z.array(z.number().int()) }),
]);

export const PlanJson = z.object({
  format: z.literal("datajax-plan"),
  version: z.literal(1),
  nodes: z.array(NodeJson),
  root: z.number().int().nonnegative(),
});
export type PlanJson = z.infer<typeof PlanJson>;

export const StageJson = z.object({
  id: z.string(),
  plan: PlanJson,
  inputs: z.array(z.string()),
  schema: SchemaJson,
  sharding: ShardingJson,
  hash: z.string(),
});

export const StageGraphJson = z.object({
  format: z.literal("datajax-stage-graph"),
  version: z.literal(1),
  stages: z.array(StageJson),
  output: z.string(),
});
export type StageGraphJson = z.infer<typeof StageGraphJson>;
