import { childrenOf } from "../nodes/children.js";
import type { JoinNode } from "../nodes/join.js";
import type { PlanNode } from "../nodes/plan-node.js";
import { computedEverywhere } from "../sharding/computed-everywhere.js";
import { stageIdOf, stageScans, type StageGraph } from "./stage-graph.js";

/**
 * A shuffle join the backend may turn into a broadcast join once it knows how big the build side
 * is (the planner could not: the size of an aggregate's output is unknown until it ran). The
 * planner hash-exchanged both sides; when the right side's stage turns out small, its rows go to
 * every rank instead (an allgather) and the left side's rows stay where they are, which saves
 * moving the large side, as Spark's adaptive execution and Bodo's runtime broadcast do.
 *
 * Found only where the switch cannot change any answer or any rank's rows after the next exchange:
 * - the join (inner, left, semi or anti: every left row sees every right row on its own rank) is
 *   in a stage `join` that is not the graph's output and whose output exchange routes each row by
 *   its sharding (hash, replicated, single), and between the join and the stage root there are only
 *   Map/Filter/Project and global (keyless) aggregates, which need no co-located keys;
 * - its left input is Map/Filter/Project over the scan of stage `left`, read by no other stage,
 *   whose output exchange is the hash on the join keys and which is not computed everywhere (then
 *   each rank's rows are its own, and keeping them in place loses or repeats none);
 * - its right input is Scan/GroupBy/Aggregate/Map/Filter/Project over the one scan of stage
 *   `right`, read by no other stage: given every row of `right`, every rank computes the whole
 *   right side.
 *
 * @example
 * ```ts
 * import { adaptiveBroadcastJoins, type AdaptiveBroadcastJoin } from "@datajax/core-ir";
 *
 * declare const graph: import("@datajax/core-ir").StageGraph;
 * const joins: readonly AdaptiveBroadcastJoin[] = adaptiveBroadcastJoins(graph); // e.g. [{ join: "s2", left: "s0", right: "s1" }]
 * ```
 */
export interface AdaptiveBroadcastJoin {
  /** The stage holding the join. */
  readonly join: string;
  /** The stage whose output is the join's left input (its hash exchange is skipped on a broadcast). */
  readonly left: string;
  /** The stage whose output feeds the join's right input (replicated instead of hashed on a broadcast). */
  readonly right: string;
}

const ROW_WISE = new Set(["Map", "Filter", "Project"]);
const RIGHT_SIDE = new Set(["Scan", "GroupBy", "Aggregate", "Map", "Filter", "Project"]);
const BROADCASTABLE = new Set(["inner", "left", "semi", "anti"]);

/** Candidates per graph: a compiled graph is run again and again, its analysis is not redone. */
const candidatesOf = new WeakMap<StageGraph, readonly AdaptiveBroadcastJoin[]>();

/**
 * The graph's joins that may switch to a broadcast at run time (see AdaptiveBroadcastJoin),
 * found once per graph object. Both SPMD backends use it.
 *
 * @example
 * ```ts
 * import { adaptiveBroadcastJoins } from "@datajax/core-ir";
 *
 * declare const graph: import("@datajax/core-ir").StageGraph;
 * for (const { join, left, right } of adaptiveBroadcastJoins(graph)) console.log(join, left, right);
 * ```
 */
export function adaptiveBroadcastJoins(graph: StageGraph): readonly AdaptiveBroadcastJoin[] {
  let found = candidatesOf.get(graph);
  if (!found) {
    found = findAdaptiveBroadcastJoins(graph);
    candidatesOf.set(graph, found);
  }
  return found;
}

function findAdaptiveBroadcastJoins(graph: StageGraph): AdaptiveBroadcastJoin[] {
  const readers = new Map<string, number>();
  for (const stage of graph.stages) for (const id of stageScans(stage.plan)) readers.set(id, (readers.get(id) ?? 0) + 1);
  const byId = new Map(graph.stages.map((s) => [s.id, s]));
  const found: AdaptiveBroadcastJoin[] = [];
  for (const stage of graph.stages) {
    if (stage.id === graph.output || stage.sharding.kind === "block") continue;
    const join = joinUnderRowWiseTop(stage.plan);
    if (!join || !BROADCASTABLE.has(join.how)) continue;
    const left = onlyScanThrough(join.left, ROW_WISE);
    const right = onlyScanThrough(join.right, RIGHT_SIDE);
    if (left === null || right === null || left === right) continue;
    const leftStage = byId.get(left);
    const rightStage = byId.get(right);
    if (!leftStage || !rightStage || readers.get(left) !== 1 || readers.get(right) !== 1) continue;
    const { sharding } = leftStage;
    if (sharding.kind !== "hash" || !sameKeys(sharding.keys, join.leftOn) || computedEverywhere(leftStage.plan)) continue;
    found.push({ join: stage.id, left, right });
  }
  return found;
}

/** The join reached from the root through Map/Filter/Project and keyless aggregates, if any. */
function joinUnderRowWiseTop(plan: PlanNode): JoinNode | null {
  let n = plan;
  while (ROW_WISE.has(n.kind) || (n.kind === "Aggregate" && n.keys.length === 0 && n.input.kind !== "GroupBy")) n = childrenOf(n)[0]!;
  return n.kind === "Join" ? n : null;
}

/** The stage id of the only Scan under `plan` when every node on the way is of the allowed kinds, else null. */
function onlyScanThrough(plan: PlanNode, allowed: ReadonlySet<string>): string | null {
  const scans: string[] = [];
  const visit = (n: PlanNode): boolean => {
    if (!allowed.has(n.kind) && n.kind !== "Scan") return false;
    if (n.kind === "Scan") {
      const id = stageIdOf(n.source);
      if (id === null) return false;
      scans.push(id);
      return true;
    }
    const children = childrenOf(n);
    return children.length === 1 && visit(children[0]!);
  };
  return visit(plan) && scans.length === 1 ? scans[0]! : null;
}

const sameKeys = (a: readonly string[], b: readonly string[]): boolean => a.length === b.length && a.every((k, i) => k === b[i]);
