import { type Data, type DataType, makeData, RecordBatch, type Schema, Struct } from "apache-arrow";
import { ExchangePayloadError } from "../errors/exchange-payload-error.js";
import { BATCH_FORMAT_VERSION, BATCH_MAGIC, COLUMN_DESCRIPTOR_BYTES, HEADER_BYTES, align8, typeTagOf } from "./batch-format.js";
import { columnLayoutOf } from "./column-layout.js";
import { decodeSchema } from "./schema-bytes.js";

type TypedArrayCtor = {
  new (buffer: ArrayBufferLike, byteOffset: number, length: number): ArrayBufferView;
  readonly BYTES_PER_ELEMENT: number;
};

/**
 * `count` elements of `Ctor` at `bytes[at..]`: a view of the same memory when the address is
 * aligned for Ctor, else a copy.
 */
function typedAt(Ctor: TypedArrayCtor, bytes: Uint8Array, at: number, count: number): ArrayBufferView {
  const address = bytes.byteOffset + at;
  if (address % Ctor.BYTES_PER_ELEMENT === 0) return new Ctor(bytes.buffer, address, count);
  const copy = bytes.slice(at, at + count * Ctor.BYTES_PER_ELEMENT);
  return new Ctor(copy.buffer, 0, count);
}

/**
 * Rebuilds the record batch that encode-batch.ts wrote into `bytes`. Column buffers are views of
 * `bytes` (no copy) wherever their address is aligned for their element type; copied otherwise.
 * Throws ExchangePayloadError when the bytes are not such a batch.
 *
 * @example
 * ```ts
 * import { decodeBatch, encodeBatch } from "@datajax/backend-spmd-native";
 * import { tableFromArrays } from "apache-arrow";
 *
 * const batch = tableFromArrays({ x: Int32Array.of(1, 2, 3) }).batches[0]!;
 * decodeBatch(encodeBatch(batch)).numRows; // 3
 * ```
 */
export function decodeBatch(bytes: Uint8Array): RecordBatch {
  if (bytes.byteLength < HEADER_BYTES) throw new ExchangePayloadError(`a batch payload of ${bytes.byteLength} bytes is shorter than its header`);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const word = (at: number) => view.getInt32(at, true);
  if (word(0) !== BATCH_MAGIC || word(4) !== BATCH_FORMAT_VERSION)
    throw new ExchangePayloadError(`a batch payload starts with 0x${(word(0) >>> 0).toString(16)} version ${word(4)}, not a DataJAX batch version ${BATCH_FORMAT_VERSION}`);
  const rowCount = word(8);
  const columnCount = word(12);
  const schemaBytes = word(16);
  const descriptorsAt = HEADER_BYTES + align8(schemaBytes);
  if (descriptorsAt + columnCount * COLUMN_DESCRIPTOR_BYTES > bytes.byteLength)
    throw new ExchangePayloadError("a batch payload ends inside its schema or column descriptors");
  const schema: Schema = decodeSchema(bytes.subarray(HEADER_BYTES, HEADER_BYTES + schemaBytes));
  if (schema.fields.length !== columnCount)
    throw new ExchangePayloadError(`a batch payload describes ${columnCount} columns but its schema has ${schema.fields.length}`);

  let at = descriptorsAt + columnCount * COLUMN_DESCRIPTOR_BYTES;
  const children: Data[] = schema.fields.map((field, c) => {
    const d = descriptorsAt + c * COLUMN_DESCRIPTOR_BYTES;
    const [typeTag, nullCount, validityBytes, offsetsBytes, valuesBytes] = [word(d), word(d + 4), word(d + 8), word(d + 12), word(d + 16)];
    const layout = columnLayoutOf(field, "decodeBatch");
    const expectedTag = typeTagOf(field.type.typeId, layout.kind === "fixed" ? layout.bytesPerRow : 0);
    if (typeTag !== expectedTag) throw new ExchangePayloadError(`column "${field.name}" carries type tag ${typeTag}, expected ${expectedTag}`);
    const end = at + align8(validityBytes) + align8(offsetsBytes) + align8(valuesBytes);
    if (end > bytes.byteLength) throw new ExchangePayloadError(`column "${field.name}" runs past the end of its batch payload`);
    const nullBitmap = validityBytes > 0 ? bytes.subarray(at, at + validityBytes) : undefined;
    at += align8(validityBytes);
    const type: DataType = field.type;
    let data: Data;
    if (layout.kind === "null") {
      data = makeData({ type, length: rowCount } as never);
    } else if (layout.kind === "variable") {
      const valueOffsets = typedAt(Int32Array, bytes, at, rowCount + 1) as Int32Array;
      at += align8(offsetsBytes);
      const values = bytes.subarray(at, at + valuesBytes);
      data = makeData({ type, length: rowCount, nullCount, nullBitmap, valueOffsets, data: values } as never);
    } else if (layout.kind === "bool") {
      data = makeData({ type, length: rowCount, nullCount, nullBitmap, data: bytes.subarray(at, at + valuesBytes) } as never);
    } else {
      const Ctor = type.ArrayType as unknown as TypedArrayCtor;
      const values = typedAt(Ctor, bytes, at, valuesBytes / Ctor.BYTES_PER_ELEMENT);
      data = makeData({ type, length: rowCount, nullCount, nullBitmap, data: values } as never);
    }
    at = end;
    return data;
  });
  const struct = makeData({ type: new Struct(schema.fields), length: rowCount, nullCount: 0, children });
  return new RecordBatch(schema, struct);
}

