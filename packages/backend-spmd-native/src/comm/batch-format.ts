// The wire format of one record batch moved between ranks. Little-endian, every part starting at
// an 8-byte boundary of the segment, so typed arrays over received bytes need no copy:
//   header      int32 × 6: MAGIC, VERSION, rowCount, columnCount, schemaBytes, 0
//   schema      Arrow IPC stream of the schema (schema-bytes.ts), padded to 8
//   columns     int32 × 6 each: typeTag, nullCount, validityBytes, offsetsBytes, valuesBytes, 0
//   buffers     per column: validity bitmap (bit 0 = row 0; absent when no nulls), int32 offsets
//               rebased to 0 (utf8/binary), values (fixed-width rows, bool bits, or string bytes),
//               each padded to 8.

export const BATCH_MAGIC = 0x424a4444; // "DDJB"
export const BATCH_FORMAT_VERSION = 1;
export const HEADER_BYTES = 24;
export const COLUMN_DESCRIPTOR_BYTES = 24;

export const align8 = (n: number): number => (n + 7) & ~7;

/** A per-column check value: the Arrow type id and the fixed row width (0 when not fixed). */
export const typeTagOf = (typeId: number, bytesPerRow: number): number => (typeId & 0xff) | (bytesPerRow << 8);
