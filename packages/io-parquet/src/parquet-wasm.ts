import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import * as pw from "parquet-wasm/esm";

/**
 * The parquet-wasm 0.7.1 module (its `esm` build) as parquetWasm returns it, instantiated.
 *
 * @example
 * ```ts
 * import { parquetWasm, type ParquetWasm } from "@datajax/io-parquet";
 * const pw: ParquetWasm = parquetWasm();
 * const codec = pw.Compression.ZSTD;
 * ```
 */
export type ParquetWasm = typeof pw;

let loaded: ParquetWasm | undefined;

/**
 * parquet-wasm 0.7.1, instantiated once per process. Its `node` build is CommonJS shipped inside a
 * `"type": "module"` package, so Node refuses to load it ("module is not defined in ES module
 * scope"); the `esm` build works once given the wasm bytes (its default init would `fetch` a
 * file URL, which Node does not support). Instantiation costs ~80 ms. Throws an Error saying
 * how to install parquet-wasm when its wasm file cannot be found.
 *
 * @example
 * ```ts
 * import { parquetWasm } from "@datajax/io-parquet";
 * const pw = parquetWasm(); // the same instance on every call
 * const properties = new pw.WriterPropertiesBuilder().setCompression(pw.Compression.SNAPPY).build();
 * ```
 */
export function parquetWasm(): ParquetWasm {
  if (loaded) return loaded;
  const require = createRequire(import.meta.url);
  let wasmPath: string;
  try {
    wasmPath = require.resolve("parquet-wasm/esm/parquet_wasm_bg.wasm");
  } catch (cause) {
    throw new Error("@datajax/io-parquet: cannot find parquet-wasm's esm/parquet_wasm_bg.wasm. Install parquet-wasm 0.7.1 next to @datajax/io-parquet (pnpm install).", { cause });
  }
  pw.initSync({ module: readFileSync(wasmPath) });
  loaded = pw;
  return pw;
}
