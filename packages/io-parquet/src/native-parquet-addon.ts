import { existsSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { ParquetNativeDecoderMissingError } from "./errors/io-errors.js";

/**
 * One decoded column chunk as the addon returns it: Arrow-layout buffers (external ArrayBuffers
 * owned by the addon's allocator, freed when collected).
 *
 * @example
 * ```ts
 * import { loadNativeParquetAddon, type NativeColumnBuffers } from "@datajax/io-parquet";
 * const addon = loadNativeParquetAddon();
 * const [ids]: NativeColumnBuffers[] = await addon.decodeRowGroup({ path: "/data/ids.parquet", numRows: 3, columns: [{ name: "id", offset: 4, length: 61, physicalType: 1, codec: 1, maxDefinitionLevel: 0, kind: 0, width: 4 }] });
 * console.log(new Int32Array(ids!.values)); // Int32Array [1, 2, 3]
 * ```
 */
export interface NativeColumnBuffers {
  /** Values (fixed width or bit-packed booleans), or the string bytes of Utf8/Binary. */
  readonly values: ArrayBuffer;
  /** Int32 offsets (rows + 1) for Utf8/Binary. */
  readonly offsets?: ArrayBuffer;
  /** Bit-packed validity, present only when the chunk holds nulls. */
  readonly validity?: ArrayBuffer;
  /** Null values in the chunk. */
  readonly nullCount: number;
}

/**
 * One column chunk to decode (see native/src/column_chunk_decoder.h): its bytes in the file, its
 * physical type, codec and max definition level, and the layout to produce (`kind` 0 fixed-width
 * of `width` bytes, 1 boolean, 2 binary, 3 utf8).
 *
 * @example
 * ```ts
 * import type { NativeColumnRequest } from "@datajax/io-parquet";
 * const fare: NativeColumnRequest = { name: "fare", offset: 4, length: 9_000, physicalType: 5, codec: 1, maxDefinitionLevel: 1, kind: 0, width: 8 };
 * ```
 */
export interface NativeColumnRequest {
  readonly name: string;
  readonly offset: number;
  readonly length: number;
  readonly physicalType: number;
  readonly codec: number;
  readonly maxDefinitionLevel: number;
  readonly kind: 0 | 1 | 2 | 3;
  readonly width: number;
}

/**
 * The native Parquet decoder addon (datajax_parquet.node). `decodeRowGroup` reads and decodes the
 * chunks on libuv's thread pool and rejects with an Error whose `unsupported` is true for input
 * outside its scope (and `column` names the chunk) or false for corrupt data.
 *
 * @example
 * ```ts
 * import { loadNativeParquetAddon, type NativeParquetAddon } from "@datajax/io-parquet";
 * const addon: NativeParquetAddon = loadNativeParquetAddon();
 * console.log(addon.abiVersion, addon.profile()); // 1 { enabled: false, ... } (DATAJAX_PARQUET_PROFILE=1 enables it)
 * ```
 */
export interface NativeParquetAddon {
  decodeRowGroup(request: { readonly path: string; readonly numRows: number; readonly columns: readonly NativeColumnRequest[] }): Promise<NativeColumnBuffers[]>;
  /**
   * Summed phase times of all row groups decoded so far (when DATAJAX_PARQUET_PROFILE=1; threads'
   * times add up), and the pages decoded by kind (always counted).
   */
  profile(): {
    enabled: boolean;
    readMs: number;
    decompressMs: number;
    decodeMs: number;
    rowGroups: number;
    pages: { dictionary: number; dataV1: number; dataV2: number; plain: number; dictionaryEncoded: number; rleBoolean: number };
  };
  readonly abiVersion: number;
}

const packageRoot = join(dirname(fileURLToPath(import.meta.url)), "..");

/**
 * Where the addon may live, in the order they are tried (like sharp's loader):
 * `$DATAJAX_PARQUET_ADDON` when set, then the package's `native/build/Release` and
 * `native/build/Debug` builds.
 *
 * @example
 * ```ts
 * import { nativeParquetAddonCandidates } from "@datajax/io-parquet";
 * nativeParquetAddonCandidates({ DATAJAX_PARQUET_ADDON: "/opt/datajax/datajax_parquet.node" })[0]; // "/opt/datajax/datajax_parquet.node"
 * ```
 */
export function nativeParquetAddonCandidates(env: NodeJS.ProcessEnv = process.env): string[] {
  return [
    ...(env.DATAJAX_PARQUET_ADDON ? [env.DATAJAX_PARQUET_ADDON] : []),
    join(packageRoot, "native", "build", "Release", "datajax_parquet.node"),
    join(packageRoot, "native", "build", "Debug", "datajax_parquet.node"),
  ];
}

let loaded: { addon?: NativeParquetAddon; error?: ParquetNativeDecoderMissingError } | undefined;

/**
 * Loads the native decoder from the first candidate that exists and loads (once per process for
 * the default candidates); fails with ParquetNativeDecoderMissingError listing every path tried
 * and how to build it.
 *
 * @example
 * ```ts
 * import { loadNativeParquetAddon, ParquetNativeDecoderMissingError } from "@datajax/io-parquet";
 * try {
 *   loadNativeParquetAddon();
 * } catch (err) {
 *   if (err instanceof ParquetNativeDecoderMissingError) console.error(err.message); // paths tried + `pnpm --filter @datajax/io-parquet build`
 * }
 * ```
 */
export function loadNativeParquetAddon(candidates?: readonly string[]): NativeParquetAddon {
  if (candidates) return loadFrom(candidates);
  loaded ??= (() => {
    try {
      return { addon: loadFrom(nativeParquetAddonCandidates()) };
    } catch (error) {
      return { error: error as ParquetNativeDecoderMissingError };
    }
  })();
  if (loaded.error) throw loaded.error;
  return loaded.addon!;
}

/**
 * The addon, or undefined when it is not available (decoder "auto" then uses parquet-wasm).
 *
 * @example
 * ```ts
 * import { nativeParquetAddonIfAvailable } from "@datajax/io-parquet";
 * console.log(nativeParquetAddonIfAvailable() ? "native Parquet decoder built" : "parquet-wasm only");
 * ```
 */
export function nativeParquetAddonIfAvailable(): NativeParquetAddon | undefined {
  try {
    return loadNativeParquetAddon();
  } catch {
    return undefined;
  }
}

function loadFrom(candidates: readonly string[]): NativeParquetAddon {
  const require = createRequire(import.meta.url);
  let lastError: unknown;
  for (const path of candidates) {
    if (!existsSync(path)) continue;
    try {
      const addon = require(path) as NativeParquetAddon;
      if (addon.abiVersion === 1) return addon;
      lastError = new Error(`${path} has ABI version ${String(addon.abiVersion)}, expected 1 (rebuild it)`);
    } catch (e) {
      lastError = e;
    }
  }
  throw new ParquetNativeDecoderMissingError(candidates, lastError);
}
