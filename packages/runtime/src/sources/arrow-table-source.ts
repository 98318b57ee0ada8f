import { type RecordBatch, Table, type Schema as ArrowSchema } from "apache-arrow";
import { fromArrowSchema, type DataSource, type ScanCounters, type ScanRequest, type Schema } from "@datajax/core-ir";

let nextId = 0;

/**
 * An in-memory Arrow table as a DataSource; batches are handed out without copying. A partitioned
 * scan (`partition: { index, count }`) gets every `count`-th batch from `index`.
 *
 * @example
 * ```ts
 * import { tableFromArrays } from "apache-arrow";
 * import { ArrowTableSource } from "@datajax/runtime";
 *
 * const source = new ArrowTableSource(tableFromArrays({ id: Int32Array.from([1, 2, 3]) }), "ids");
 * source.uri; // "memory:ids"
 * for await (const batch of source.scan({ columns: ["id"], filter: null })) console.log(batch.numRows);
 * ```
 */
export class ArrowTableSource implements DataSource {
  /** Always `"arrow-table"`. */
  readonly kind = "arrow-table";
  /** The name given to the constructor (default `"table"`), used in plans and messages. */
  readonly name: string;
  /** `memory:<name>`. */
  readonly uri: string;
  /** The table's schema in DataJAX terms. */
  readonly schema: Schema;
  /** Rows of the table. */
  readonly rowCount: number;
  private readonly id = ++nextId;

  /**
   * @param table - The table whose batches the scans yield.
   * @param name - The name used in plans and messages (default `"table"`).
   */
  constructor(
    /** The table whose batches the scans yield. */
    readonly table: Table,
    name = "table",
  ) {
    this.name = name;
    this.uri = `memory:${name}`;
    this.schema = fromArrowSchema(table.schema);
    this.rowCount = table.numRows;
  }

  /** `memory:<name>#<instance>:<rows>`: unique to this source object, so result snapshots never match another table. */
  fingerprint(): string {
    return `memory:${this.name}#${this.id}:${this.rowCount}`;
  }

  /** The table's batches (this partition's share), projected to `request.columns`; counts units and bytes read in `counters`. */
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

/**
 * Bytes held by a batch's buffers (values, offsets, validity), summed over its columns.
 *
 * @example
 * ```ts
 * import { tableFromArrays } from "apache-arrow";
 * import { byteSize } from "@datajax/runtime";
 *
 * const table = tableFromArrays({ x: Float64Array.from([1, 2, 3, 4]) });
 * byteSize(table.batches[0]!); // 32: four float64 values, no nulls
 * ```
 */
export function byteSize(batch: RecordBatch): number {
  let n = 0;
  for (const child of batch.data.children) {
    n += child.byteLength;
  }
  return n;
}

/**
 * Wraps an Arrow table (or record batches) as a DataSource, without copying. Batches are joined
 * under `schema`, or the first batch's schema; an empty list needs `schema`.
 *
 * @example
 * ```ts
 * import { tableFromArrays } from "apache-arrow";
 * import { col, djit, type Frame } from "@datajax/datajax";
 * import { tableSource } from "@datajax/runtime";
 *
 * const trips = tableSource(tableFromArrays({ fare_amount: Float64Array.from([12.5, -3]) }), "trips");
 * const positive = await djit((t: Frame) => t.filter(col("fare_amount").gt(0)))(trips);
 * ```
 */
export function tableSource(table: Table | RecordBatch[], name?: string, schema?: ArrowSchema): ArrowTableSource {
  const t = table instanceof Table ? table : new Table(schema ?? table[0]!.schema, table);
  return new ArrowTableSource(t, name);
}
