import { findField, type DataType, type PlanNode, type Schema } from "@datajax/core-ir";
import type { PlannerEstimates } from "../planner-options.js";

/** Bytes per value of a type in Arrow buffers (strings: a guess of 16 bytes plus the offset). */
function valueBytes(t: DataType): number {
  switch (t.id) {
    case "bool": return 0.125;
    case "int8": case "uint8": return 1;
    case "int16": case "uint16": return 2;
    case "int32": case "uint32": case "float32": case "date32": return 4;
    case "utf8": return t.dictionary ? 4 : 20;
    case "null": return 0;
    default: return 8;
  }
}

export const rowBytes = (s: Schema): number => s.fields.reduce((n, f) => n + valueBytes(f.type) + (f.nullable ? 0.125 : 0), 0);

/**
 * Upper bounds on the rows a node produces, from the sources' row counts (Infinity when a source
 * is unknown): filters keep at most their input, a grouped aggregate at most its input or the
 * product of its keys' distinct counts, a join at most... its inputs' product; we use the larger
 * side, which is what a broadcast decision needs (how big the build side is).
 */
export function estimateRows(node: PlanNode, estimates: PlannerEstimates | undefined): number {
  switch (node.kind) {
    case "Scan":
      return estimates?.rows?.(node.source) ?? Infinity;
    case "Aggregate": {
      const input = estimateRows(node.input, estimates);
      if (node.keys.length === 0) return 1;
      const distinct = estimateDistinct(node.input, node.keys, estimates);
      return Math.min(input, distinct);
    }
    case "Limit":
      return Math.min(node.count, estimateRows(node.input, estimates));
    case "Union":
      return node.inputs.reduce((n, i) => n + estimateRows(i, estimates), 0);
    case "Join":
      return Math.max(estimateRows(node.left, estimates), estimateRows(node.right, estimates));
    default:
      return "input" in node ? estimateRows(node.input, estimates) : Infinity;
  }
}

/** The product of the keys' distinct counts where a Scan below names them (Infinity when unknown). */
export function estimateDistinct(node: PlanNode, keys: readonly string[], estimates: PlannerEstimates | undefined): number {
  let n: PlanNode = node;
  while (n.kind !== "Scan" && "input" in n && keys.every((k) => findField(n.schema, k))) n = n.input;
  if (n.kind !== "Scan" || !estimates?.distinct) return Infinity;
  let product = 1;
  for (const k of keys) {
    const d = estimates.distinct(n.source, k);
    if (d === undefined) return Infinity;
    product *= d;
  }
  return product;
}

export const estimateBytes = (node: PlanNode, estimates: PlannerEstimates | undefined): number => estimateRows(node, estimates) * rowBytes(node.schema);
