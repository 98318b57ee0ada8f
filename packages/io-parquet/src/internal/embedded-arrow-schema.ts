import * as arrow from "apache-arrow";
import type { ParquetFooter } from "./parquet-footer.js";

const ARROW_SCHEMA_KEY = "ARROW:schema";
/** An IPC stream's end: continuation marker, zero length. */
const END_OF_STREAM = [0xff, 0xff, 0xff, 0xff, 0, 0, 0, 0];

/**
 * The Arrow schema a file's writer embedded in its footer (arrow-rs, pyarrow and parquet-wasm
 * write "ARROW:schema": a base64 IPC schema message), as parquet-wasm would read it: the
 * embedded fields, with the file's other key-value metadata merged into the schema's. Undefined
 * when the file has none or it does not decode (the caller then asks parquet-wasm).
 *
 * Why not always parquet-wasm: instantiating it and growing its memory detach ArrayBuffers, and
 * the first detach in a thread turns off V8's "no buffer was ever detached" assumption for good.
 * Every typed-array access in optimized code then checks and reloads its buffer: the local
 * backend's generated loops ran 30-40% slower after a readParquet. Decode work stays in workers.
 */
export function embeddedArrowSchema(footer: ParquetFooter): arrow.Schema | undefined {
  const encoded = footer.keyValueMetadata.get(ARROW_SCHEMA_KEY);
  if (!encoded) return undefined;
  try {
    const message = Buffer.from(encoded, "base64");
    const stream = new Uint8Array(message.length + END_OF_STREAM.length);
    stream.set(message);
    stream.set(END_OF_STREAM, message.length);
    const { schema } = arrow.tableFromIPC(stream);
    const metadata = new Map([...footer.keyValueMetadata].filter(([k]) => k !== ARROW_SCHEMA_KEY));
    for (const [k, v] of schema.metadata) metadata.set(k, v);
    return new arrow.Schema(schema.fields, metadata);
  } catch {
    return undefined;
  }
}
