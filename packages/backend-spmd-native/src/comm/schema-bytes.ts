import { type Schema, Table, tableFromIPC, tableToIPC } from "apache-arrow";

const encoded = new WeakMap<Schema, Uint8Array>();

/**
 * A schema as an Arrow IPC stream with no batches (field names, types, nullability, metadata).
 * Encoded once per Schema object (a stage's batches share theirs): the bytes are shared, never
 * to be written to.
 */
export function encodeSchema(schema: Schema): Uint8Array {
  let bytes = encoded.get(schema);
  if (!bytes) {
    bytes = tableToIPC(new Table(schema), "stream");
    encoded.set(schema, bytes);
  }
  return bytes;
}

let lastBytes: Uint8Array | undefined;
let lastSchema: Schema | undefined;

/** The schema of encodeSchema's bytes; the last one is reused when the next bytes are equal. */
export function decodeSchema(bytes: Uint8Array): Schema {
  if (lastBytes && lastSchema && equalBytes(lastBytes, bytes)) return lastSchema;
  const schema = tableFromIPC(bytes).schema;
  lastBytes = bytes.slice();
  lastSchema = schema;
  return schema;
}

function equalBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.byteLength !== b.byteLength) return false;
  for (let i = 0; i < a.byteLength; i++) if (a[i] !== b[i]) return false;
  return true;
}
