import { childrenOf, computedEverywhere, stageIdOf, type JoinNode, type PlanNode, type StageGraph } from "@datajax/core-ir";

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

/** The graph's joins that may switch to a broadcast at run time (see AdaptiveBroadcastJoin). */
export function adaptiveBroadcastJoins(graph: StageGraph): AdaptiveBroadcastJoin[] {
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

/** Ids of the stages a plan scans, once per Scan node (a stage scanned twice counts twice). */
function stageScans(plan: PlanNode): string[] {
  const ids: string[] = [];
  const visit = (n: PlanNode): void => {
    if (n.kind === "Scan") {
      const id = stageIdOf(n.source);
      if (id !== null) ids.push(id);
    }
    for (const c of childrenOf(n)) visit(c);
  };
  visit(plan);
  return ids;
}

const sameKeys = (a: readonly string[], b: readonly string[]): boolean => a.length === b.length && a.every((k, i) => k === b[i]);
