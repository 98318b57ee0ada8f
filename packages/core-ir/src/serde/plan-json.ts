import { PlanSerializationError } from "../errors/trace-errors.js";
import { DataJaxError } from "../errors/datajax-error.js";
import type { Expr, LiteralValue } from "../expr/expr.js";
import { childrenOf } from "../nodes/children.js";
import { AggregateNode } from "../nodes/aggregate.js";
import { CustomUdfNode } from "../nodes/custom-udf.js";
import { FilterNode } from "../nodes/filter.js";
import { GroupByNode } from "../nodes/group-by.js";
import { JoinNode } from "../nodes/join.js";
import { LimitNode } from "../nodes/limit.js";
import { MapNode } from "../nodes/map.js";
import type { PlanNode } from "../nodes/plan-node.js";
import { ProjectNode } from "../nodes/project.js";
import { RepartitionNode } from "../nodes/repartition.js";
import { ScanNode } from "../nodes/scan.js";
import { SortNode } from "../nodes/sort.js";
import { UnionNode } from "../nodes/union.js";
import type { Sharding } from "../sharding/sharding.js";
import type { Stage, StageGraph } from "../stages/stage-graph.js";
import type { DataType } from "../types/data-type.js";
import { schema as makeSchema, type Schema } from "../types/schema.js";
import { type DataTypeJson as DataTypeJsonSchema, type LiteralValueJson, type NodeJson as NodeJsonSchema, PlanJson, type ShardingJson, StageGraphJson, type ExprJson } from "./json-schemas.js";
import type * as z from "zod";

type NodeJson = z.infer<typeof NodeJsonSchema>;

const encodeValue = (v: LiteralValue) =>
  typeof v === "bigint" ? { $bigint: v.toString() }
  : typeof v === "number" && (!Number.isFinite(v) || Object.is(v, -0)) ? { $float: Object.is(v, -0) ? ("-0" as const) : (String(v) as "NaN" | "Infinity" | "-Infinity") }
  : v;

const decodeValue = (v: z.infer<typeof LiteralValueJson>): LiteralValue =>
  v === null || typeof v !== "object" ? v : "$bigint" in v ? BigInt(v.$bigint) : v.$float === "-0" ? -0 : Number(v.$float);

/*
 * The *ToJson helpers list each object's keys in one fixed order (and only the known keys), so the
 * JSON text, and planHash over it, depends on the plan and not on how its objects were spelled.
 */
type DataTypeJson = z.infer<typeof DataTypeJsonSchema>;
function typeToJson(d: DataType): DataTypeJson {
  if (d.id === "utf8") return { id: "utf8", dictionary: d.dictionary };
  if (d.id === "timestamp") return { id: "timestamp", unit: d.unit, tz: d.tz };
  return { id: d.id };
}

const schemaToJson = (s: Schema) => ({ fields: s.fields.map((f) => ({ name: f.name, type: typeToJson(f.type), nullable: f.nullable })) });

function shardingToJson(s: Sharding): z.infer<typeof ShardingJson> {
  if (s.kind === "single") return { kind: "single" };
  if (s.kind === "hash") return { kind: "hash", keys: [...s.keys], axis: s.axis };
  return { kind: s.kind, axis: s.axis };
}

function exprToJson(e: Expr): ExprJson {
  if (e.kind === "literal") return { kind: "literal", value: encodeValue(e.value), type: typeToJson(e.type) };
  if (e.kind === "call") {
    const o = e.options;
    const options = o ? { ...(o.to ? { to: typeToJson(o.to) } : {}), ...(o.decimals !== undefined ? { decimals: o.decimals } : {}) } : undefined;
    return { kind: "call", op: e.op, args: e.args.map(exprToJson), ...(options ? { options } : {}) };
  }
  return { kind: "column", name: e.name };
}

function exprFromJson(j: ExprJson): Expr {
  if (j.kind === "literal") {
    return Object.freeze({ kind: "literal", value: decodeValue(j.value), type: Object.freeze({ ...j.type }) as DataType });
  }
  if (j.kind === "call") {
    const options = j.options ? Object.freeze({ ...j.options, ...(j.options.to ? { to: Object.freeze({ ...j.options.to }) as DataType } : {}) }) : undefined;
    return Object.freeze({ kind: "call", op: j.op, args: Object.freeze(j.args.map(exprFromJson)), ...(options ? { options } : {}) });
  }
  return Object.freeze({ kind: "column", name: j.name });
}

const schemaFromJson = (s: { fields: { name: string; type: unknown; nullable: boolean }[] }): Schema =>
  makeSchema(s.fields.map((f) => Object.freeze({ name: f.name, type: Object.freeze({ ...(f.type as object) }) as DataType, nullable: f.nullable })));

/**
 * Serializes a plan to a JSON-safe object; shared subplans are written once. Keys are written in
 * a fixed order, so equal plans give equal JSON text.
 *
 * @example
 * ```ts
 * import { field, planFromJson, planToJson, ScanNode, schema, t } from "@datajax/core-ir";
 *
 * const plan = ScanNode.create({ kind: "argument", name: "trips", uri: "arg:0", slot: 0 }, schema([field("fare_amount", t.float64)]));
 * const text = JSON.stringify(planToJson(plan));
 * const again = planFromJson(JSON.parse(text)); // an equal plan
 * ```
 */
export function planToJson(root: PlanNode): PlanJson {
  const index = new Map<PlanNode, number>();
  const nodes: NodeJson[] = [];
  const visit = (n: PlanNode): number => {
    const known = index.get(n);
    if (known !== undefined) return known;
    const kids = childrenOf(n).map(visit);
    let j: NodeJson;
    switch (n.kind) {
      case "Scan": j = {
        kind: "Scan",
        source: { kind: n.source.kind, name: n.source.name, uri: n.source.uri, ...(n.source.slot !== undefined ? { slot: n.source.slot } : {}) },
        sourceSchema: schemaToJson(n.sourceSchema), columns: n.columns ? [...n.columns] : null, filter: n.filter ? exprToJson(n.filter) : null, sharding: shardingToJson(n.sharding),
      }; break;
      case "Map": j = { kind: "Map", input: kids[0]!, assignments: n.assignments.map((a) => ({ name: a.name, expr: exprToJson(a.expr) })) }; break;
      case "Project": j = { kind: "Project", input: kids[0]!, columns: n.columns.map((c) => ({ name: c.name, from: c.from })) }; break;
      case "Filter": j = { kind: "Filter", input: kids[0]!, predicate: exprToJson(n.predicate) }; break;
      case "GroupBy": j = { kind: "GroupBy", input: kids[0]!, keys: [...n.keys] }; break;
      case "Aggregate": j = { kind: "Aggregate", input: kids[0]!, aggregates: n.aggregates.map((a) => ({ name: a.name, agg: { fn: a.agg.fn, arg: a.agg.arg ? exprToJson(a.agg.arg) : null } })) }; break;
      case "Join": j = { kind: "Join", left: kids[0]!, right: kids[1]!, how: n.how, leftOn: [...n.leftOn], rightOn: [...n.rightOn], suffix: n.suffix }; break;
      case "Repartition": j = { kind: "Repartition", input: kids[0]!, sharding: shardingToJson(n.sharding), strict: n.strict }; break;
      case "CustomUDF": j = { kind: "CustomUDF", input: kids[0]!, name: n.name, mode: n.mode, reads: [...n.reads], schema: schemaToJson(n.schema) }; break;
      case "Sort": j = { kind: "Sort", input: kids[0]!, keys: n.keys.map((k) => ({ column: k.column, descending: k.descending, nullsLast: k.nullsLast })) }; break;
      case "Limit": j = n.by.length > 0 ? { kind: "Limit", input: kids[0]!, count: n.count, offset: n.offset, by: [...n.by] } : { kind: "Limit", input: kids[0]!, count: n.count, offset: n.offset }; break;
      case "Union": j = { kind: "Union", inputs: kids }; break;
    }
    nodes.push(JSON.parse(JSON.stringify(j)));
    index.set(n, nodes.length - 1);
    return nodes.length - 1;
  };
  const root_ = visit(root);
  return { format: "datajax-plan", version: 1, nodes, root: root_ };
}

/**
 * Validates plan JSON with zod and rebuilds it through the node factories (which re-check types).
 * Throws PlanSerializationError (`DJX_BAD_PLAN_JSON`) when the JSON is not a plan, a node refers
 * to a later node, or a node's factory rejects it (the factory's error is the `cause`).
 *
 * @example
 * ```ts
 * import { planFromJson, PlanSerializationError } from "@datajax/core-ir";
 * import { readFileSync } from "node:fs";
 *
 * try {
 *   const plan = planFromJson(JSON.parse(readFileSync("plan.json", "utf8")));
 * } catch (err) {
 *   if (err instanceof PlanSerializationError) console.error(err.message);
 * }
 * ```
 */
export function planFromJson(json: unknown): PlanNode {
  const parsed = PlanJson.safeParse(json);
  if (!parsed.success) throw new PlanSerializationError(`not a valid DataJAX plan: ${parsed.error.issues.map((i) => `${i.path.join(".") || "(root)"}: ${i.message}`).join("; ")}`);
  const built: PlanNode[] = [];
  const get = (i: number, at: number): PlanNode => {
    if (i < 0 || i >= at) throw new PlanSerializationError(`plan node ${at} refers to node ${i}, which is not defined before it.`);
    return built[i]!;
  };
  parsed.data.nodes.forEach((j, at) => {
    try {
      built.push(nodeFromJson(j, (i) => get(i, at)));
    } catch (e) {
      if (e instanceof PlanSerializationError) throw e;
      throw new PlanSerializationError(`plan node ${at} (${j.kind}) is invalid: ${e instanceof DataJaxError || e instanceof Error ? e.message : String(e)}`, { cause: e });
    }
  });
  if (parsed.data.root >= built.length) throw new PlanSerializationError(`root ${parsed.data.root} is not a node index.`);
  return built[parsed.data.root]!;
}

function nodeFromJson(j: NodeJson, get: (i: number) => PlanNode): PlanNode {
  switch (j.kind) {
    case "Scan":
      return ScanNode.create(j.source, schemaFromJson(j.sourceSchema), { columns: j.columns, filter: j.filter ? exprFromJson(j.filter) : null, sharding: Object.freeze({ ...j.sharding }) as Sharding });
    case "Map": return MapNode.create(get(j.input), j.assignments.map((a) => ({ name: a.name, expr: exprFromJson(a.expr) })));
    case "Project": return ProjectNode.create(get(j.input), j.columns);
    case "Filter": return FilterNode.create(get(j.input), exprFromJson(j.predicate));
    case "GroupBy": return GroupByNode.create(get(j.input), j.keys);
    case "Aggregate": return AggregateNode.create(get(j.input), j.aggregates.map((a) => ({ name: a.name, agg: Object.freeze({ fn: a.agg.fn, arg: a.agg.arg ? exprFromJson(a.agg.arg) : null }) })));
    case "Join": return JoinNode.create(get(j.left), get(j.right), j.how, j.leftOn, j.rightOn, j.suffix);
    case "Repartition": return RepartitionNode.create(get(j.input), Object.freeze({ ...j.sharding }) as Sharding, j.strict);
    case "CustomUDF": return CustomUdfNode.create(get(j.input), j.name, j.mode, j.reads, schemaFromJson(j.schema));
    case "Sort": return SortNode.create(get(j.input), j.keys);
    case "Limit": return LimitNode.create(get(j.input), j.count, j.offset, j.by ?? []);
    case "Union": return UnionNode.create(j.inputs.map(get));
  }
}

/**
 * Serializes a stage graph (each stage's plan in the plan format).
 *
 * @example
 * ```ts
 * import { field, planHash, ScanNode, schema, stageGraphToJson, t } from "@datajax/core-ir";
 *
 * const plan = ScanNode.create({ kind: "argument", name: "trips", uri: "arg:0", slot: 0 }, schema([field("fare_amount", t.float64)]));
 * const json = stageGraphToJson({ stages: [{ id: "s0", plan, inputs: [], schema: plan.schema, sharding: plan.sharding, hash: planHash(plan) }], output: "s0" });
 * json.format; // "datajax-stage-graph"
 * ```
 */
export function stageGraphToJson(g: StageGraph): StageGraphJson {
  return {
    format: "datajax-stage-graph",
    version: 1,
    output: g.output,
    stages: g.stages.map((s) => ({ id: s.id, plan: planToJson(s.plan), inputs: [...s.inputs], schema: schemaToJson(s.schema), sharding: shardingToJson(s.sharding), hash: s.hash })),
  };
}

/**
 * Validates stage-graph JSON and rebuilds each stage's plan (planFromJson). Throws
 * PlanSerializationError for JSON that is not a stage graph, an invalid plan, or an `output`
 * that names no stage.
 *
 * @example
 * ```ts
 * import { stageGraphFromJson, stageGraphToJson, type StageGraph } from "@datajax/core-ir";
 *
 * declare const graph: StageGraph;
 * const copy = stageGraphFromJson(JSON.parse(JSON.stringify(stageGraphToJson(graph))));
 * copy.output === graph.output; // true
 * ```
 */
export function stageGraphFromJson(json: unknown): StageGraph {
  const parsed = StageGraphJson.safeParse(json);
  if (!parsed.success) throw new PlanSerializationError(`not a valid DataJAX stage graph: ${parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ")}`);
  const stages: Stage[] = parsed.data.stages.map((s) => Object.freeze({
    id: s.id, plan: planFromJson(s.plan), inputs: Object.freeze([...s.inputs]), schema: schemaFromJson(s.schema),
    sharding: Object.freeze({ ...s.sharding }) as Sharding, hash: s.hash,
  }));
  if (!stages.some((s) => s.id === parsed.data.output)) throw new PlanSerializationError(`output stage "${parsed.data.output}" is not in the graph.`);
  return Object.freeze({ stages: Object.freeze(stages), output: parsed.data.output });
}
