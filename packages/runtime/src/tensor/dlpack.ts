import { DataType, Table, Type, type Data, type Vector } from "apache-arrow";
import { DataJaxError } from "@datajax/core-ir";

/** DLPack's dtype codes (dlpack.h DLDataTypeCode). */
export const DLDataTypeCode = { Int: 0, UInt: 1, Float: 2, Bool: 6 } as const;

/**
 * A tensor in DLPack's terms, over JS memory: `data` is a typed array whose buffer holds the
 * elements from `byteOffset`, `shape` and `strides` (in elements; null: compact row-major) say how
 * they are laid out, `dtype` what they are. `copied` says whether the values were copied out of the
 * Arrow buffers (zero copy where the layout allows: one chunk, no nulls, a fixed-width number type).
 */
export interface DLPackTensor {
  readonly data: ArrayBufferView;
  readonly dtype: { readonly code: number; readonly bits: number; readonly lanes: 1 };
  readonly shape: readonly number[];
  readonly strides: readonly number[] | null;
  readonly byteOffset: number;
  readonly device: { readonly type: "cpu"; readonly id: 0 };
  readonly copied: boolean;
}

/** A column that cannot become a tensor as it is, with what to do first. */
export class TensorConversionError extends DataJaxError {
  constructor(column: string, problem: string, fix: string) {
    super("DJX_TENSOR_CONVERSION", `column "${column}" ${problem}; ${fix}.`);
  }
}

function dtypeOf(name: string, type: DataType): { code: number; bits: number } {
  switch (type.typeId) {
    case Type.Int: {
      const t = type as DataType<Type.Int> & { bitWidth: number; isSigned: boolean };
      return { code: t.isSigned ? DLDataTypeCode.Int : DLDataTypeCode.UInt, bits: t.bitWidth };
    }
    case Type.Float: {
      const precision = (type as unknown as { precision: number }).precision;
      return { code: DLDataTypeCode.Float, bits: precision === 0 ? 16 : precision === 1 ? 32 : 64 };
    }
    case Type.Bool:
      return { code: DLDataTypeCode.Bool, bits: 8 };
    case Type.Date:
      return { code: DLDataTypeCode.Int, bits: 32 };
    case Type.Timestamp:
      return { code: DLDataTypeCode.Int, bits: 64 };
    case Type.Utf8:
    case Type.Dictionary:
      throw new TensorConversionError(name, "holds strings", "encode them as numbers first (dictionary codes, one-hot columns or a hash), then select the numeric columns");
    default:
      throw new TensorConversionError(name, `has type ${String(type)}, which has no tensor dtype`, "cast it to a number type first");
  }
}

function noNulls(name: string, vector: Vector): void {
  if (vector.nullCount > 0) throw new TensorConversionError(name, `has ${vector.nullCount} null value(s), which a tensor cannot hold`, `fill them first, e.g. withColumns({ ${name}: col("${name}").fillNull(0) })`);
}

/** One column as a 1-D tensor; zero copy for one chunk of a fixed-width number type without nulls. */
export function columnToDLPack(table: Table, column: string): DLPackTensor {
  const vector = table.getChild(column);
  if (!vector) throw new TensorConversionError(column, "is not in the table", `use one of ${table.schema.fields.map((f) => f.name).join(", ")}`);
  const dtype = dtypeOf(column, vector.type);
  noNulls(column, vector);
  const device = { type: "cpu" as const, id: 0 as const };
  const chunks = vector.data as Data[];
  if (vector.type.typeId !== Type.Bool && chunks.length === 1) {
    // Arrow JS re-bases a sliced array's values to its first row: the view is the column.
    const values = chunks[0]!.values as ArrayBufferView & { length: number; BYTES_PER_ELEMENT: number };
    const view = new (values.constructor as new (b: ArrayBufferLike, o: number, l: number) => ArrayBufferView)(values.buffer, values.byteOffset, vector.length);
    return { data: view, dtype: { ...dtype, lanes: 1 }, shape: [vector.length], strides: null, byteOffset: values.byteOffset, device, copied: false };
  }
  if (vector.type.typeId === Type.Bool) {
    const out = new Uint8Array(vector.length);
    let i = 0;
    for (const d of chunks) {
      const bits = d.values as Uint8Array;
      for (let r = 0; r < d.length; r++) out[i++] = (bits[(d.offset + r) >> 3]! >> ((d.offset + r) & 7)) & 1;
    }
    return { data: out, dtype: { ...dtype, lanes: 1 }, shape: [vector.length], strides: null, byteOffset: 0, device, copied: true };
  }
  const first = chunks[0]!.values as ArrayBufferView & { BYTES_PER_ELEMENT: number };
  const out = new (first.constructor as new (n: number) => ArrayBufferView & { set(a: ArrayLike<number | bigint>, o: number): void })(vector.length);
  let at = 0;
  for (const d of chunks) {
    out.set((d.values as unknown as { subarray(a: number, b: number): ArrayLike<number> }).subarray(0, d.length), at);
    at += d.length;
  }
  return { data: out, dtype: { ...dtype, lanes: 1 }, shape: [vector.length], strides: null, byteOffset: 0, device, copied: true };
}

/** Numeric columns as one 2-D row-major tensor [rows, columns] of float32 or float64 (a copy, cast). */
export function tableToDLPack(table: Table, columns: readonly string[] = table.schema.fields.map((f) => f.name), dtype: "float32" | "float64" = "float32"): DLPackTensor {
  const rows = table.numRows;
  const out = dtype === "float32" ? new Float32Array(rows * columns.length) : new Float64Array(rows * columns.length);
  columns.forEach((name, c) => {
    const col = columnToDLPack(table, name);
    const values = col.data as unknown as ArrayLike<number | bigint>;
    for (let r = 0; r < rows; r++) out[r * columns.length + c] = Number(values[r]);
  });
  return { data: out, dtype: { code: DLDataTypeCode.Float, bits: dtype === "float32" ? 32 : 64, lanes: 1 }, shape: [rows, columns.length], strides: null, byteOffset: 0, device: { type: "cpu", id: 0 }, copied: true };
}
