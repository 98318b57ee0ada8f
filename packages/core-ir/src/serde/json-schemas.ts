import * as z from "zod";
import { aggregates } from "../expr/aggregates.js";
import { operators } from "../expr/operators.js";

/**
 * zod schemas of the plan JSON format (version 1). Types are derived from them. This one
 * validates a DataType.
 *
 * @example
 * ```ts
 * import { DataTypeJson } from "@datajax/core-ir";
 *
 * DataTypeJson.parse({ id: "timestamp", unit: "us", tz: "UTC" }); // ok
 * DataTypeJson.safeParse({ id: "decimal128" }).success; // false
 * ```
 */
export const DataTypeJson = z.discriminatedUnion("id", [
  z.object({ id: z.enum(["null", "bool", "int8", "int16", "int32", "int64", "uint8", "uint16", "uint32", "uint64", "float32", "float64", "date32"]) }),
  z.object({ id: z.literal("utf8"), dictionary: z.boolean() }),
  z.object({ id: z.literal("timestamp"), unit: z.enum(["s", "ms", "us", "ns"]), tz: z.string().nullable() }),
]);

/**
 * zod schema of a Field in plan JSON (a non-empty name, a type, nullability).
 *
 * @example
 * ```ts
 * import { FieldJson } from "@datajax/core-ir";
 *
 * FieldJson.parse({ name: "fare_amount", type: { id: "float64" }, nullable: true });
 * ```
 */
export const FieldJson = z.object({ name: z.string().min(1), type: DataTypeJson, nullable: z.boolean() });
/**
 * zod schema of a Schema in plan JSON.
 *
 * @example
 * ```ts
 * import { SchemaJson } from "@datajax/core-ir";
 *
 * SchemaJson.safeParse({ fields: [{ name: "PULocationID", type: { id: "int32" }, nullable: false }] }).success; // true
 * ```
 */
export const SchemaJson = z.object({ fields: z.array(FieldJson) });

const opNames = Object.keys(operators) as [keyof typeof operators, ...(keyof typeof operators)[]];
const aggNames = Object.keys(aggregates) as [keyof typeof aggregates, ...(keyof typeof aggregates)[]];

/**
 * bigint literals travel as `{ "$bigint": "123" }`; numbers JSON cannot hold (NaN, ±Infinity, and
 * -0, which JSON.stringify writes as null or 0) as `{ "$float": "NaN" }`.
 *
 * @example
 * ```ts
 * import { LiteralValueJson } from "@datajax/core-ir";
 *
 * LiteralValueJson.parse({ $bigint: "9007199254740993" });
 * LiteralValueJson.parse({ $float: "-Infinity" });
 * ```
 */
export const LiteralValueJson = z.union([
  z.null(),
  z.boolean(),
  z.number(),
  z.string(),
  z.object({ $bigint: z.string().regex(/^-?\d+$/) }),
  z.object({ $float: z.enum(["NaN", "Infinity", "-Infinity", "-0"]) }),
]);

/**
 * An Expr in plan JSON (the type), and the zod schema validating one (the value of the same name).
 *
 * @example
 * ```ts
 * import { ExprJson } from "@datajax/core-ir";
 *
 * const positive: ExprJson = { kind: "call", op: "gt", args: [{ kind: "column", name: "fare_amount" }, { kind: "literal", value: 0, type: { id: "float64" } }] };
 * ExprJson.parse(positive);
 * ```
 */
export type ExprJson =
  | {
      /** A column reference. */
      kind: "column";
      /** Column name. */
      name: string;
    }
  | {
      /** A constant. */
      kind: "literal";
      /** The value, with bigints and non-JSON numbers encoded (see LiteralValueJson). */
      value: z.infer<typeof LiteralValueJson>;
      /** The value's type. */
      type: z.infer<typeof DataTypeJson>;
    }
  | {
      /** An operator call. */
      kind: "call";
      /** Operator name. */
      op: keyof typeof operators;
      /** Arguments, in order. */
      args: ExprJson[];
      /** Static options, when the call has any. */
      options?: {
        /** Target type of a cast. */
        to?: z.infer<typeof DataTypeJson>;
        /** Digits of a round. */
        decimals?: number;
      };
    };

/**
 * zod schema of an Expr in plan JSON (see the type of the same name).
 *
 * @example
 * ```ts
 * import { ExprJson } from "@datajax/core-ir";
 *
 * ExprJson.safeParse({ kind: "call", op: "median", args: [] }).success; // false: no such operator
 * ```
 */
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

/**
 * zod schema of an AggregateExpr in plan JSON.
 *
 * @example
 * ```ts
 * import { AggregateExprJson } from "@datajax/core-ir";
 *
 * AggregateExprJson.parse({ fn: "count", arg: null });
 * AggregateExprJson.parse({ fn: "mean", arg: { kind: "column", name: "fare_amount" } });
 * ```
 */
export const AggregateExprJson = z.object({ fn: z.enum(aggNames), arg: ExprJson.nullable() });

/**
 * zod schema of a Sharding in plan JSON (a hash needs at least one key).
 *
 * @example
 * ```ts
 * import { ShardingJson } from "@datajax/core-ir";
 *
 * ShardingJson.parse({ kind: "hash", keys: ["PULocationID"], axis: "data" });
 * ShardingJson.safeParse({ kind: "hash", keys: [], axis: "data" }).success; // false
 * ```
 */
export const ShardingJson = z.discriminatedUnion("kind", [
  z.object({ kind: z.literal("single") }),
  z.object({ kind: z.literal("replicated"), axis: z.string() }),
  z.object({ kind: z.literal("block"), axis: z.string() }),
  z.object({ kind: z.literal("hash"), keys: z.array(z.string()).min(1), axis: z.string() }),
]);

/**
 * zod schema of a Scan's SourceRef in plan JSON.
 *
 * @example
 * ```ts
 * import { SourceRefJson } from "@datajax/core-ir";
 *
 * SourceRefJson.parse({ kind: "argument", name: "trips", uri: "arg:0", slot: 0 });
 * ```
 */
export const SourceRefJson = z.object({ kind: z.string(), name: z.string(), uri: z.string(), slot: z.number().int().nonnegative().optional() });

/**
 * zod schema of a plan node in JSON: nodes are stored once in `nodes` and refer to inputs by index (shared subplans stay shared).
 *
 * @example
 * ```ts
 * import { NodeJson } from "@datajax/core-ir";
 *
 * NodeJson.parse({ kind: "GroupBy", input: 0, keys: ["PULocationID"] });
 * NodeJson.parse({ kind: "Limit", input: 1, count: 10, offset: 0 });
 * ```
 */
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

/**
 * A whole plan document: `format` and `version` 1, the nodes (every node after its inputs) and the
 * root's index. The zod schema (value) and its type share the name.
 *
 * @example
 * ```ts
 * import { field, planToJson, PlanJson, ScanNode, schema, t } from "@datajax/core-ir";
 *
 * const plan = ScanNode.create({ kind: "argument", name: "trips", uri: "arg:0", slot: 0 }, schema([field("fare_amount", t.float64)]));
 * const json: PlanJson = planToJson(plan);
 * PlanJson.parse(JSON.parse(JSON.stringify(json))).nodes.length; // 1
 * ```
 */
export const PlanJson = z.object({
  format: z.literal("datajax-plan"),
  version: z.literal(1),
  nodes: z.array(NodeJson),
  root: z.number().int().nonnegative(),
});
/** The type of a plan document (see the zod schema of the same name). */
export type PlanJson = z.infer<typeof PlanJson>;

/**
 * zod schema of one stage in stage-graph JSON (its plan in the plan format).
 *
 * @example
 * ```ts
 * import { stageGraphToJson, StageJson, type StageGraph } from "@datajax/core-ir";
 *
 * declare const graph: StageGraph;
 * StageJson.parse(stageGraphToJson(graph).stages[0]);
 * ```
 */
export const StageJson = z.object({
  id: z.string(),
  plan: PlanJson,
  inputs: z.array(z.string()),
  schema: SchemaJson,
  sharding: ShardingJson,
  hash: z.string(),
});

/**
 * A stage-graph document: `format` and `version` 1, the stages in dependency order and the
 * output stage's id. The zod schema (value) and its type share the name.
 *
 * @example
 * ```ts
 * import { stageGraphToJson, StageGraphJson, type StageGraph } from "@datajax/core-ir";
 *
 * declare const graph: StageGraph;
 * const json: StageGraphJson = stageGraphToJson(graph);
 * StageGraphJson.safeParse(JSON.parse(JSON.stringify(json))).success; // true
 * ```
 */
export const StageGraphJson = z.object({
  format: z.literal("datajax-stage-graph"),
  version: z.literal(1),
  stages: z.array(StageJson),
  output: z.string(),
});
/** The type of a stage-graph document (see the zod schema of the same name). */
export type StageGraphJson = z.infer<typeof StageGraphJson>;
