import { Dictionary, Int32, makeData, RecordBatch, Struct, Utf8, vectorFromArray, type Schema as ArrowSchema } from "apache-arrow";
import type { DuckDBDataChunk } from "@duckdb/node-api";
import type { DataType, Schema } from "@datajax/core-ir";
import { toArrowSchema } from "@datajax/core-ir";

type NumericArray = Int8Array | Int16Array | Int32Array | Uint8Array | Uint16Array | Uint32Array | Float32Array | Float64Array | BigInt64Array | BigUint64Array;

const ARRAYS: Partial<Record<DataType["id"], new (n: number) => NumericArray>> = {
  int8: Int8Array, int16: Int16Array, int32: Int32Array, int64: BigInt64Array,
  uint8: Uint8Array, uint16: Uint16Array, uint32: Uint32Array, uint64: BigUint64Array,
  float32: Float32Array, float64: Float64Array, date32: Int32Array, timestamp: BigInt64Array,
};

/** One output column being filled from DuckDB chunks: typed values (or strings) plus a validity bitmap. */
interface ColumnBuffer {
  readonly type: DataType;
  values: NumericArray | Uint8Array | (string | null)[];
  validity: Uint8Array;
  nulls: number;
}

/**
 * Collects DuckDB result chunks (columns in the stage's storage types, row-order column last)
 * into Arrow record batches with exactly the stage's schema (types and nullability).
 */
export class ArrowBatchBuilder {
  private readonly arrowSchema: ArrowSchema;
  private columns: ColumnBuffer[] = [];
  private length = 0;

  constructor(private readonly schema: Schema, private readonly capacity: number) {
    this.arrowSchema = toArrowSchema(schema);
    this.reset();
  }

  get rows(): number {
    return this.length;
  }

  private reset(): void {
    this.length = 0;
    this.columns = this.schema.fields.map((f) => {
      const Array_ = ARRAYS[f.type.id];
      const values = Array_ ? new Array_(this.capacity) : f.type.id === "bool" ? new Uint8Array((this.capacity + 7) >> 3) : new Array<string | null>(this.capacity);
      return { type: f.type, values, validity: new Uint8Array((this.capacity + 7) >> 3).fill(255), nulls: 0 };
    });
  }

  /** Room left before the batch is full. */
  get free(): number {
    return this.capacity - this.length;
  }

  /** Appends rows [from, from + n) of `chunk` (n ≤ free). */
  append(chunk: DuckDBDataChunk, from: number, n: number): void {
    this.columns.forEach((c, col) => {
      const vector = chunk.getColumnVector(col);
      for (let i = 0; i < n; i++) {
        const v = vector.getItem(from + i);
        const k = this.length + i;
        if (v === null) {
          c.validity[k >> 3]! &= ~(1 << (k & 7));
          c.nulls++;
        } else if (c.type.id === "bool") {
          if (v) (c.values as Uint8Array)[k >> 3]! |= 1 << (k & 7);
        } else {
          (c.values as unknown as unknown[])[k] = v;
        }
      }
    });
    this.length += n;
  }

  /** The rows collected so far as one record batch; starts a new one. */
  flush(): RecordBatch {
    const n = this.length;
    const children = this.columns.map((c, i) => {
      const type = this.arrowSchema.fields[i]!.type;
      const nullBitmap = c.nulls > 0 ? c.validity : undefined;
      if (c.type.id === "utf8") {
        const strings = (c.values as (string | null)[]).slice(0, n);
        for (let k = 0; k < n; k++) if (((c.validity[k >> 3]! >> (k & 7)) & 1) === 0) strings[k] = null;
        return vectorFromArray(strings, c.type.dictionary ? new Dictionary(new Utf8(), new Int32()) : new Utf8()).data[0]!;
      }
      const values = c.type.id === "bool" ? c.values as Uint8Array : (c.values as NumericArray).subarray(0, n);
      return makeData({ type, length: n, nullCount: c.nulls, data: values, ...(nullBitmap ? { nullBitmap } : {}) } as never);
    });
    const batch = new RecordBatch(this.arrowSchema, makeData({ type: new Struct(this.arrowSchema.fields), length: n, nullCount: 0, children }));
    this.reset();
    return batch;
  }
}

