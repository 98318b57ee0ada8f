import { ColumnNotFoundError, PlanValidationError, TypeMismatchError } from "../errors/trace-errors.js";
import { commonType } from "../expr/operators.js";
import { colocates, Sharding } from "../sharding/sharding.js";
import { formatType } from "../types/data-type.js";
import { field, findField, schema as makeSchema, type Field, type Schema } from "../types/schema.js";
import { freezeNode } from "./freeze.js";
import type { PlanNode } from "./plan-node.js";

/**
 * Which rows a Join keeps: `inner` matched pairs; `left`, `right`, `full` also the unmatched rows
 * of that side (both for full); `semi` the left rows with a match, `anti` those without one.
 *
 * @example
 * ```ts
 * import type { JoinHow } from "@datajax/core-ir";
 *
 * const how: JoinHow = "left";
 * ```
 */
export type JoinHow = "inner" | "left" | "right" | "full" | "semi" | "anti";

/**
 * Equi-join on `leftOn[i] = rightOn[i]` (null keys never match, as in SQL).
 * Output: every left column, then the right columns except its keys (a name that clashes with a
 * left column gets `suffix`). Key columns are coalesced (left value, else right value), so a
 * right or full join still has the key of unmatched right rows. Semi/anti joins output the left
 * columns only. Outer sides that may be unmatched become nullable.
 *
 * @example
 * ```ts
 * import { field, formatSchema, JoinNode, ScanNode, schema, t } from "@datajax/core-ir";
 *
 * const trips = ScanNode.create({ kind: "argument", name: "trips", uri: "arg:0", slot: 0 }, schema([field("PULocationID", t.int32, false), field("fare_amount", t.float64)]));
 * const zones = ScanNode.create({ kind: "argument", name: "zones", uri: "arg:1", slot: 1 }, schema([field("LocationID", t.int32, false), field("Borough", t.utf8())]));
 * const joined = JoinNode.create(trips, zones, "left", ["PULocationID"], ["LocationID"]);
 * formatSchema(joined.schema); // "{PULocationID:int32, fare_amount:float64?, Borough:utf8?}"
 * ```
 */
export interface JoinNode {
  /** Discriminant of the PlanNode union. */
  readonly kind: "Join";
  /** The left input. */
  readonly left: PlanNode;
  /** The right input. */
  readonly right: PlanNode;
  /** Which rows it keeps. */
  readonly how: JoinHow;
  /** Key columns of the left input. */
  readonly leftOn: readonly string[];
  /** Key columns of the right input, matched position by position with `leftOn`. */
  readonly rightOn: readonly string[];
  /** Appended to a right column name that clashes with a left one. */
  readonly suffix: string;
  /** Output schema (see above). */
  readonly schema: Schema;
  /** Output sharding: single when both inputs are; the left's when it co-locates the keys or the right is replicated; else hash on the left keys. */
  readonly sharding: Sharding;
}

/**
 * Factory and type guard of Join nodes.
 *
 * @example
 * ```ts
 * import { field, JoinNode, ScanNode, schema, t } from "@datajax/core-ir";
 *
 * const trips = ScanNode.create({ kind: "argument", name: "trips", uri: "arg:0", slot: 0 }, schema([field("PULocationID", t.int32, false), field("fare_amount", t.float64)]));
 * const self = JoinNode.create(trips, trips, "inner", ["PULocationID"]); // right's fare_amount becomes fare_amount_right
 * JoinNode.is(self); // true
 * ```
 */
export const JoinNode = {
  /**
   * Builds a Join (`rightOn` defaults to `leftOn`, `suffix` to `"_right"`). Throws
   * PlanValidationError for key lists of different or zero length or a name clash left after the
   * suffix, ColumnNotFoundError for an unknown key, TypeMismatchError for key types with no common type.
   */
  create(left: PlanNode, right: PlanNode, how: JoinHow, leftOn: readonly string[], rightOn: readonly string[] = leftOn, suffix = "_right"): JoinNode {
    if (leftOn.length === 0 || leftOn.length !== rightOn.length) {
      throw new PlanValidationError(`join: needs the same, non-zero number of keys on each side, got [${leftOn.join(", ")}] and [${rightOn.join(", ")}].`);
    }
    const keyTypes = leftOn.map((l, i) => {
      const lf = findField(left.schema, l);
      if (!lf) throw new ColumnNotFoundError("join (left key)", l, left.schema);
      const rf = findField(right.schema, rightOn[i]!);
      if (!rf) throw new ColumnNotFoundError("join (right key)", rightOn[i]!, right.schema);
      const common = commonType([lf.type, rf.type]);
      if (!common) throw new TypeMismatchError("join", `key ${l} is ${formatType(lf.type)} on the left and ${formatType(rf.type)} on the right`, "Cast one side so the key types match.");
      return common;
    });
    const leftNullable = how === "right" || how === "full";
    const rightNullable = how === "left" || how === "full";
    const fields: Field[] = left.schema.fields.map((f) => {
      const k = leftOn.indexOf(f.name);
      // Semi/anti joins pass left rows through unchanged, keys included (no coalescing, no widening).
      if (k >= 0 && how !== "semi" && how !== "anti") {
        const rf = findField(right.schema, rightOn[k]!)!;
        // A full join keeps unmatched rows of both sides, each with its own (possibly null) key.
        const nullable = how === "full" ? f.nullable || rf.nullable : how === "right" ? rf.nullable : f.nullable;
        return field(f.name, keyTypes[k]!, nullable);
      }
      return field(f.name, f.type, f.nullable || leftNullable);
    });
    if (how !== "semi" && how !== "anti") {
      const names = new Set(fields.map((f) => f.name));
      for (const f of right.schema.fields) {
        if (rightOn.includes(f.name)) continue;
        let name = f.name;
        if (names.has(name)) name = `${name}${suffix}`;
        if (names.has(name)) throw new PlanValidationError(`join: right column "${f.name}" clashes with "${name}" even after the suffix; rename it first.`);
        names.add(name);
        fields.push(field(name, f.type, f.nullable || rightNullable));
      }
    }
    const ls = left.sharding;
    const sharding =
      ls.kind === "single" && right.sharding.kind === "single"
        ? Sharding.single
        : ls.kind === "hash" && colocates(ls, leftOn)
          ? ls
          : right.sharding.kind === "replicated" ? ls : Sharding.hash(leftOn, ls.kind === "single" ? right.sharding.kind === "single" ? "data" : right.sharding.axis : ls.axis);
    return freezeNode({
      kind: "Join", left, right, how,
      leftOn: Object.freeze([...leftOn]), rightOn: Object.freeze([...rightOn]), suffix,
      schema: makeSchema(fields), sharding,
    });
  },
  /** Whether `n` is a JoinNode (narrows the type). */
  is: (n: { kind: string }): n is JoinNode => n.kind === "Join",
};
