import * as arrow from "apache-arrow";

/**
 * The batch's columns `names`, in that order (zero-copy: children are shared). Throws an Error
 * naming the batch's columns when one of `names` is not among them.
 *
 * @example
 * ```ts
 * import { tableFromArrays } from "apache-arrow";
 * import { selectColumns } from "@datajax/io-parquet";
 * const batch = tableFromArrays({ zone: Int32Array.from([7]), fare: Float64Array.from([12.5]) }).batches[0]!;
 * selectColumns(batch, ["fare", "zone"]).schema.fields.map((f) => f.name); // ["fare", "zone"]
 * ```
 */
export function selectColumns(batch: arrow.RecordBatch, names: readonly string[]): arrow.RecordBatch {
  const fields = batch.schema.fields;
  if (fields.length === names.length && fields.every((f, i) => f.name === names[i])) return batch;
  const picked = names.map((name) => {
    const i = fields.findIndex((f) => f.name === name);
    if (i < 0) throw new Error(`selectColumns: the batch has no column "${name}" (it has ${fields.map((f) => f.name).join(", ")})`);
    return i;
  });
  const schema = new arrow.Schema(picked.map((i) => fields[i]!), batch.schema.metadata);
  const children = picked.map((i) => batch.data.children[i]!);
  return new arrow.RecordBatch(schema, arrow.makeData({ type: new arrow.Struct(schema.fields), length: batch.numRows, nullCount: 0, children }));
}
