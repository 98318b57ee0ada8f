import { Expr, formatType, substituteColumns, type PlanNode } from "@datajax/core-ir";
import { UnsupportedNativeTypeError } from "../../errors/unsupported-native-type-error.js";
import { physTypeOf } from "../../kernels/physical-type.js";
import { identitySteps, type FoldedSteps } from "./fused-projection.js";
import { LocalSubtree } from "./local-subtree.js";
import { hasNativeLayout } from "./native-batch.js";
import { NativeChain } from "./native-chain.js";
import { NativeGlobalAggregate } from "./native-global-aggregate.js";
import { NativeGroupAggregate } from "./native-group-aggregate.js";
import { NativeJoin } from "./native-join.js";
import { NativeLimit } from "./native-limit.js";
import type { NativeOperator } from "./native-operator.js";
import { NativeScan } from "./native-scan.js";
import { NativeSort } from "./native-sort.js";

/** A Filter/Map/Project chain folded over the operator below it. */
interface Folded {
  readonly base: NativeOperator;
  readonly steps: FoldedSteps;
  /** The chain's operators, bottom up, for describe(). */
  readonly kinds: readonly string[];
}

/**
 * Decides, operator by operator, what of a stage's fragment runs on the C++ kernels: Scan →
 * Filter → Map → Project chains whose expressions compile (fused into one pass, or into the
 * aggregate above), GroupBy/Aggregate with count/sum/mean/min/max/first/last, inner/left/semi/anti
 * joins, Sort and Limit, over numeric, bool, date and timestamp columns. Any node the kernels do
 * not cover becomes a LocalSubtree: it and everything below it run on the local backend, exactly
 * as before. Never throws for an unsupported plan; it falls back instead.
 */
export function planNative(node: PlanNode, stageId: string): NativeOperator {
  try {
    return nativeOperatorOf(node, stageId);
  } catch (e) {
    return new LocalSubtree(node, stageId, fallbackReason(e));
  }
}

function nativeOperatorOf(node: PlanNode, stageId: string): NativeOperator {
  if (!hasNativeLayout(node.schema)) {
    const f = node.schema.fields.find((x) => physTypeOf(x.type) === undefined)!;
    throw new UnsupportedNativeTypeError(`native ${node.kind.toLowerCase()}`, f.name, formatType(f.type));
  }
  switch (node.kind) {
    case "Scan": case "Filter": case "Map": case "Project": {
      const { base, steps, kinds } = fold(node, stageId);
      if (base instanceof NativeScan && steps.predicate === null && kinds.length === 0 && sameColumns(base, steps)) return base;
      return new NativeChain(base, steps, node.schema, kinds.length > 0 ? kinds.join(" → ") : "scan projection");
    }
    case "Aggregate": {
      const input = node.input.kind === "GroupBy" ? node.input.input : node.input;
      const { base, steps } = fold(input, stageId);
      return node.keys.length === 0 ? new NativeGlobalAggregate(base, steps, node) : new NativeGroupAggregate(base, steps, node);
    }
    case "Join":
      return new NativeJoin(child(node.left, stageId), child(node.right, stageId), node);
    case "Sort":
      return new NativeSort(child(node.input, stageId), node);
    case "Limit":
      if (node.by.length > 0) throw new UnsupportedNativeTypeError("native limit", node.by.join(", "), "a per-group limit");
      return new NativeLimit(child(node.input, stageId), node);
    default:
      throw new UnsupportedNativeTypeError("native kernels", node.kind, "this operator");
  }
}

/** The operator of an input of a native operator: native, or a local subtree whose rows have a kernel layout. */
function child(node: PlanNode, stageId: string): NativeOperator {
  const op = planNative(node, stageId);
  if (op instanceof LocalSubtree && !hasNativeLayout(node.schema)) throw new UnsupportedNativeTypeError("native kernels", node.kind, "an input without a kernel layout");
  return op;
}

/** Folds the Filter/Map/Project nodes (and a Scan's pushed filter and projection) down to their base operator. */
function fold(node: PlanNode, stageId: string): Folded {
  switch (node.kind) {
    case "Scan": {
      const base = new NativeScan(node);
      return { base, steps: { predicate: node.filter, columns: node.schema.fields.map((f) => ({ name: f.name, expr: Expr.column(f.name) })) }, kinds: node.filter ? ["scan filter"] : [] };
    }
    case "Filter": {
      const below = fold(node.input, stageId);
      const predicate = substituteColumns(node.predicate, bindingsOf(below.steps));
      const combined = below.steps.predicate ? Expr.call("and", [below.steps.predicate, predicate]) : predicate;
      return { ...below, steps: { predicate: combined, columns: below.steps.columns }, kinds: [...below.kinds, "filter"] };
    }
    case "Map": {
      const below = fold(node.input, stageId);
      const bindings = bindingsOf(below.steps);
      const computed = new Map(node.assignments.map((a) => [a.name, substituteColumns(a.expr, bindings)]));
      const columns = node.schema.fields.map((f) => ({ name: f.name, expr: computed.get(f.name) ?? bindings.get(f.name)! }));
      return { ...below, steps: { predicate: below.steps.predicate, columns }, kinds: [...below.kinds, "map"] };
    }
    case "Project": {
      const below = fold(node.input, stageId);
      const bindings = bindingsOf(below.steps);
      return { ...below, steps: { predicate: below.steps.predicate, columns: node.columns.map((c) => ({ name: c.name, expr: bindings.get(c.from)! })) }, kinds: [...below.kinds, "project"] };
    }
    default: {
      const base = child(node, stageId);
      return { base, steps: identitySteps(base.schema), kinds: [] };
    }
  }
}

function bindingsOf(steps: FoldedSteps): Map<string, Expr> {
  return new Map(steps.columns.map((c) => [c.name, c.expr]));
}

function sameColumns(base: NativeOperator, steps: FoldedSteps): boolean {
  return steps.columns.length === base.schema.fields.length && steps.columns.every((c, k) => c.expr.kind === "column" && c.expr.name === base.schema.fields[k]!.name);
}

function fallbackReason(e: unknown): string {
  const message = e instanceof Error ? e.message : String(e);
  const first = message.split("\n")[0]!;
  return first.length > 160 ? `${first.slice(0, 157)}...` : first;
}
