// Decodes Parquet row groups with parquet-wasm in a worker thread and posts each record batch to
// the parent as Arrow IPC stream bytes (the buffer is transferred, not copied).
//
// Protocol (one request at a time per worker):
//   parent → worker  { type: "decode", path, rowGroups, columns, batchRows }
//   worker → parent  { type: "batch", ipc: Uint8Array }   one per credit: the request carries one,
//                                                        each { type: "more" } adds one; with no
//                                                        credit left the worker waits
//   worker → parent  { type: "done" } | { type: "failed", message }
//   parent → worker  { type: "stop" } abandons the current request.
//
// The worker exists because parquet-wasm aborts (a wasm `unreachable` trap thrown from a
// microtask, which no promise ever reports) on corrupt data pages: in a worker that trap ends
// only the worker, and the parent turns it into an error naming the file.
import { openAsBlob, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { parentPort } from "node:worker_threads";
import * as pw from "parquet-wasm/esm";

const require = createRequire(import.meta.url);
pw.initSync({ module: readFileSync(require.resolve("parquet-wasm/esm/parquet_wasm_bg.wasm")) });

let wake = null;
let stopped = false;
let credits = 0;
parentPort.on("message", (message) => {
  if (message.type === "decode") void decode(message);
  else {
    if (message.type === "stop") stopped = true;
    else credits++;
    const w = wake;
    wake = null;
    w?.();
  }
});

async function decode({ path, rowGroups, columns, batchRows }) {
  stopped = false;
  credits = 1;
  let file;
  try {
    file = await pw.ParquetFile.fromFile(await openAsBlob(path));
    const stream = await file.stream({ rowGroups, columns, batchSize: batchRows });
    for await (const wasmBatch of stream) {
      const ipc = wasmBatch.intoIPCStream();
      const owned = ipc.byteOffset === 0 && ipc.byteLength === ipc.buffer.byteLength;
      credits--;
      parentPort.postMessage({ type: "batch", ipc }, owned ? [ipc.buffer] : []);
      while (credits === 0 && !stopped) await new Promise((resolve) => (wake = resolve));
      if (stopped) break;
    }
    parentPort.postMessage({ type: "done" });
  } catch (error) {
    parentPort.postMessage({ type: "failed", message: error instanceof Error ? error.message : String(error) });
  } finally {
    file?.free();
  }
}
