import type * as arrow from "apache-arrow";
import { JoinNode, type JoinHow } from "@datajax/core-ir";
import type { ConformanceCase } from "../conformance-case.js";
import { argumentScan, singleStage } from "../stage-graph-builder.js";
import { dictUtf8s, emptyOf, float64s, inBatches, int32s, int64s, tableOf, utf8s } from "./case-columns.js";
import { referenceJoin, rowsOfColumns } from "./reference-semantics.js";

// Every join type, with duplicate keys on both sides, null keys (which never match), keys of
// different integer types, clashing column names, two keys, and empty sides.

const leftColumns = { id: [1, 2, 2, 3, null], v: ["a", "b", "c", "d", "e"] };
const rightColumns = { key: [2, 3, 3, 4, null], v: [20, 30, 31, 40, 0], w: ["x", "y", "z", "u", "n"] };
const left = tableOf({ id: int32s(leftColumns.id), v: utf8s(leftColumns.v) });
const right = tableOf({ key: int64s(rightColumns.key), v: float64s(rightColumns.v), w: dictUtf8s(rightColumns.w) });

const HOWS: readonly JoinHow[] = ["inner", "left", "right", "full", "semi", "anti"];

function joinCase(id: string, description: string, l: arrow.Table, r: arrow.Table, lColumns: Record<string, unknown[]>, rColumns: Record<string, unknown[]>, how: JoinHow, leftOn: string[], rightOn: string[], features: string[] = []): ConformanceCase {
  return {
    id,
    description,
    inputs: [l, r],
    graph: singleStage(JoinNode.create(argumentScan(0, l), argumentScan(1, r), how, leftOn, rightOn)),
    expected: referenceJoin(l.numRows === 0 ? [] : rowsOfColumns(lColumns), r.numRows === 0 ? [] : rowsOfColumns(rColumns), {
      how, leftOn, rightOn, leftColumns: Object.keys(lColumns), rightColumns: Object.keys(rColumns),
    }),
    ordered: false,
    features: ["join", how, ...features],
  };
}

const twoKeyLeft = { s: ["x", "y", "x", null], n: [1, 1, 2, 1], p: [1, 2, 3, 4] };
const twoKeyRight = { s: ["x", "x", "y", null], n: [1, 2, 2, 1], q: [10, 20, 30, 40] };
const twoKeyL = tableOf({ s: utf8s(twoKeyLeft.s), n: int32s(twoKeyLeft.n), p: float64s(twoKeyLeft.p) });
const twoKeyR = tableOf({ s: dictUtf8s(twoKeyRight.s), n: int32s(twoKeyRight.n), q: float64s(twoKeyRight.q) });

export const joinCases: readonly ConformanceCase[] = [
  ...HOWS.map((how) =>
    joinCase(
      `join/${how}-duplicate-and-null-keys`,
      `${how} join of int32 with int64 keys over batches of two rows: duplicates multiply, null keys never match, the clashing right column gets _right`,
      inBatches(left, 2), inBatches(right, 2), leftColumns, rightColumns, how, ["id"], ["key"], ["nulls", "multi-batch"],
    ),
  ),
  joinCase("join/two-keys-string-and-int", "an inner join on a plain and a dictionary-encoded string key plus an int key", twoKeyL, twoKeyR, twoKeyLeft, twoKeyRight, "inner", ["s", "n"], ["s", "n"], ["strings", "dictionary"]),
  joinCase("join/full-two-keys", "a full join on two keys keeps the unmatched rows of both sides with their own keys", twoKeyL, twoKeyR, twoKeyLeft, twoKeyRight, "full", ["s", "n"], ["s", "n"], ["nulls"]),
  joinCase("join/left-empty-right-side", "a left join with an empty right side keeps every left row, right columns null", left, emptyOf(right), leftColumns, rightColumns, "left", ["id"], ["key"], ["empty"]),
  joinCase("join/inner-empty-right-side", "an inner join with an empty right side is empty", left, emptyOf(right), leftColumns, rightColumns, "inner", ["id"], ["key"], ["empty"]),
  joinCase("join/full-empty-left-side", "a full join with an empty left side returns the right rows with their keys", emptyOf(left), right, leftColumns, rightColumns, "full", ["id"], ["key"], ["empty"]),
];
