import * as arrow from "apache-arrow";

/** One column's Arrow data as a structured-clone message: its buffers (shared: not copied) and sizes. */
interface DataMessage {
  readonly offset: number;
  readonly length: number;
  readonly nullCount: number;
  readonly values: unknown;
  readonly nullBitmap: Uint8Array | undefined;
  readonly valueOffsets: unknown;
  readonly dictionary: readonly DataMessage[] | null;
}

/** A shared Arrow table as a message to a worker thread: the schema as Arrow IPC bytes, then each batch's column data. */
export interface TableMessage {
  readonly schema: Uint8Array;
  readonly batches: readonly { readonly length: number; readonly columns: readonly DataMessage[] }[];
}

const dataMessage = (d: arrow.Data): DataMessage => ({
  offset: d.offset,
  length: d.length,
  nullCount: d.nullCount,
  values: d.values,
  nullBitmap: d.nullBitmap,
  valueOffsets: d.valueOffsets,
  dictionary: d.dictionary ? d.dictionary.data.map(dataMessage) : null,
});

const messages = new WeakMap<arrow.Table, TableMessage>();

/** The message of a table that isSharedTable accepts (made once per table). */
export function tableMessage(table: arrow.Table): TableMessage {
  let m = messages.get(table);
  if (!m) {
    m = { schema: arrow.tableToIPC(new arrow.Table(table.schema), "stream"), batches: table.batches.map((b) => ({ length: b.numRows, columns: b.data.children.map(dataMessage) })) };
    messages.set(table, m);
  }
  return m;
}

function dataFrom(m: DataMessage, type: arrow.DataType): arrow.Data {
  const dictionary = m.dictionary && arrow.DataType.isDictionary(type) ? new arrow.Vector(m.dictionary.map((d) => dataFrom(d, type.dictionary))) : undefined;
  return arrow.makeData({ type, offset: m.offset, length: m.length, nullCount: m.nullCount, nullBitmap: m.nullBitmap, data: m.values, valueOffsets: m.valueOffsets, dictionary } as never);
}

/** The table a TableMessage describes, over the same (shared) buffers. */
export function tableFromMessage(m: TableMessage): arrow.Table {
  const schema = arrow.tableFromIPC(m.schema).schema;
  const struct = new arrow.Struct(schema.fields);
  const batches = m.batches.map((b) => {
    const children = b.columns.map((c, i) => dataFrom(c, schema.fields[i]!.type));
    return new arrow.RecordBatch(schema, arrow.makeData({ type: struct, length: b.length, nullCount: 0, children }));
  });
  return new arrow.Table(schema, batches);
}
