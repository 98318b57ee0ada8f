import { open, stat } from "node:fs/promises";
import * as arrow from "apache-arrow";
import { ThriftCompactReader } from "/work/main/packages/io-parquet/dist/internal/thrift-compact-reader.js";
const path = process.argv[2];
const s = await stat(path); const h = await open(path, "r");
const tail = Buffer.alloc(8); await h.read(tail, 0, 8, s.size - 8);
const len = tail.readUInt32LE(0); const b = Buffer.alloc(len); await h.read(b, 0, len, s.size - 8 - len);
const meta = new ThriftCompactReader(new Uint8Array(b)).readStruct();
const kv = meta.get(5) ?? [];
for (const e of kv) { const k = Buffer.from(e.get(1)).toString(); const v = e.get(2); console.log(k, v?.length);
  if (k === "ARROW:schema") { const bytes = Buffer.from(Buffer.from(v).toString(), "base64"); console.log(bytes.subarray(0, 8));
    const withEos = new Uint8Array(bytes.length + 8); withEos.set(bytes); withEos.set([255,255,255,255,0,0,0,0], bytes.length);
    const t = arrow.tableFromIPC(withEos); console.log(t.schema.fields.map(f => `${f.name}:${f.type}:${f.nullable}`).join(" "), t.schema.metadata); } }
