import { RecordBatch, Table, type Schema as ArrowSchema } from "apache-arrow";
import { fromArrowSchema, type DataSource, type ScanCounters, type ScanRequest, type Schema } from "@datajax/core-ir";

let nextId = 0;

/** An in-memory Arrow table as a DataSource; batches are handed out without copying. */
export class ArrowTableSource implements DataSource {
  readonly kind = "arrow-table";
  readonly name: string;
  readonly uri: string;
  readonly schema: Schema;
  readonly rowCount: number;
  private readonly id = ++nextId;

  constructor(readonly table: Table, name = "table") {
    this.name = name;
    this.uri = `memory:${name}`;
    this.schema = fromArrowSchema(table.schema);
    this.rowCount = table.numRows;
  }

  fingerprint(): string {
    return `memory:${this.name}#${this.id}:${this.rowCount}`;
  }

  async *scan(request: ScanRequest, counters?: ScanCounters): AsyncIterable<RecordBatch> {
    const batches = this.table.batches;
    const { index, count } = request.partition ?? { index: 0, count: 1 };
    const wanted = request.columns ?? this.table.schema.fields.map((f) => f.name);
    const indices = wanted.map((c) => this.table.schema.fields.findIndex((f) => f.name === c));
    if (counters) counters.unitsTotal += batches.length;
    for (let b = 0; b < batches.length; b++) {
      if (b % count !== index) continue;
      const batch = batches[b]!;
      const projected = projectBatch(batch, indices);
      if (counters) counters.bytesRead += byteSize(projected);
      yield projected;
    }
  }
}

function projectBatch(batch: RecordBatch, indices: readonly number[]): RecordBatch {
  if (indices.length === batch.numCols && indices.every((v, i) => v === i)) return batch;
  return batch.selectAt([...indices]);
}

/** Bytes held by a batch's buffers (values, offsets, validity). */
export function byteSize(batch: RecordBatch): number {
  let n = 0;
  for (const child of batch.data.children) {
    n += child.byteLength;
  }
  return n;
}

/** Wraps an Arrow table (or record batches) as a DataSource. */
export function tableSource(table: Table | RecordBatch[], name?: string, schema?: ArrowSchema): ArrowTableSource {
  const t = table instanceof Table ? table : new Table(schema ?? table[0]!.schema, table);
  return new ArrowTableSource(t, name);
}
