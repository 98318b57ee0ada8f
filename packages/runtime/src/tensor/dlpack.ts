import { type DataType, type Table, Type, type Data, type Vector } from "apache-arrow";
import { DataJaxError } from "@datajax/core-ir";

/**
 * DLPack's dtype codes (dlpack.h DLDataTypeCode): the `dtype.code` of a DLPackTensor.
 *
 * @example
 * ```ts
 * import { DLDataTypeCode, type DLPackTensor } from "@datajax/runtime";
 *
 * const isFloat32 = (x: DLPackTensor) => x.dtype.code === DLDataTypeCode.Float && x.dtype.bits === 32;
 * ```
 */
export const DLDataTypeCode = { Int: 0, UInt: 1, Float: 2, Bool: 6 } as const;

/**
 * A tensor in DLPack's terms, over JS memory: `data` is a typed array whose buffer holds the
 * elements from `byteOffset`, `shape` and `strides` (in elements; null: compact row-major) say how
 * they are laid out, `dtype` what they are. `copied` says whether the values were copied out of the
 * Arrow buffers (zero copy where the layout allows: one chunk, no nulls, a fixed-width number type).
 *
 * @example
 * ```ts
 * import { tableFromArrays } from "apache-arrow";
 * import { tableToDLPack, type DLPackTensor } from "@datajax/runtime";
 *
 * const features = tableFromArrays({ distance: Float64Array.from([1.2, 3.4]), fare: Float64Array.from([9, 15]) });
 * const x: DLPackTensor = tableToDLPack(features, ["distance", "fare"]);
 * x.shape; // [2, 2]; x.data is a Float32Array, row-major
 * ```
 */
export interface DLPackTensor {
  /** A typed array over the elements (its buffer holds them from `byteOffset`). */
  readonly data: ArrayBufferView;
  /** Element type: a DLDataTypeCode, the bits per element, one lane. */
  readonly dtype: { readonly code: number; readonly bits: number; readonly lanes: 1 };
  /** Size of each dimension: `[rows]` for a column, `[rows, columns]` for a table. */
  readonly shape: readonly number[];
  /** Steps between elements of each dimension, in elements; null for compact row-major. */
  readonly strides: readonly number[] | null;
  /** Where the first element starts in `data.buffer`, in bytes. */
  readonly byteOffset: number;
  /** Where the memory lives: always the CPU. */
  readonly device: { readonly type: "cpu"; readonly id: 0 };
  /** Whether the values were copied out of the Arrow buffers (false: a view of them). */
  readonly copied: boolean;
}

/**
 * A column that cannot become a tensor as it is (code `DJX_TENSOR_CONVERSION`): missing, holding
 * strings or nulls, or of a type without a tensor dtype. The message says what to do first.
 *
 * @example
 * ```ts
 * import { tableFromArrays } from "apache-arrow";
 * import { columnToDLPack, TensorConversionError } from "@datajax/runtime";
 *
 * try {
 *   columnToDLPack(tableFromArrays({ zone: ["JFK", "LGA"] }), "zone");
 * } catch (err) {
 *   if (err instanceof TensorConversionError) console.error(err.code, err.message); // DJX_TENSOR_CONVERSION column "zone" holds strings; ...
 * }
 * ```
 */
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

/**
 * One column as a 1-D tensor; zero copy for one chunk of a fixed-width number type without nulls
 * (booleans become uint8-sized values, copied). Throws TensorConversionError for a missing column,
 * strings, nulls or a type without a tensor dtype.
 *
 * @example
 * ```ts
 * import { tableFromArrays } from "apache-arrow";
 * import { columnToDLPack } from "@datajax/runtime";
 *
 * const fares = columnToDLPack(tableFromArrays({ fare: Float64Array.from([9.5, 15, 22.25]) }), "fare");
 * fares.shape; // [3]
 * fares.copied; // false: a view of the Arrow buffer
 * ```
 */
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

/**
 * Numeric columns as one 2-D row-major tensor [rows, columns] of float32 (default) or float64 (a
 * copy, cast); `columns` defaults to all of them. Throws TensorConversionError as columnToDLPack does.
 *
 * @example
 * ```ts
 * import { tableFromArrays } from "apache-arrow";
 * import { tableToDLPack } from "@datajax/runtime";
 *
 * const trips = tableFromArrays({ distance: Float64Array.from([1.2, 3.4]), passengers: Int32Array.from([1, 2]) });
 * const x = tableToDLPack(trips, ["distance", "passengers"], "float64");
 * x.shape; // [2, 2]; x.data: Float64Array [1.2, 1, 3.4, 2]
 * ```
 */
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
