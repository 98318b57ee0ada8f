import { DataJaxError } from "@datajax/core-ir";
import { DLDataTypeCode, type DLPackTensor } from "./dlpack.js";

/** NumPy's dtype string of a DLPack dtype (little-endian). */
function descr(t: DLPackTensor): string {
  const { code, bits } = t.dtype;
  if (code === DLDataTypeCode.Bool) return "|b1";
  const kind = code === DLDataTypeCode.Float ? "f" : code === DLDataTypeCode.UInt ? "u" : code === DLDataTypeCode.Int ? "i" : null;
  if (!kind) throw new DataJaxError("DJX_TENSOR_CONVERSION", `.npy: no NumPy dtype for DLPack code ${code}.`);
  return `${bits === 8 ? "|" : "<"}${kind}${bits / 8}`;
}

/**
 * A tensor as a `.npy` file's bytes (format version 1.0: magic, header dict padded to 64 bytes,
 * row-major data). In Python: `numpy.load("features.npy")`, then `jax.numpy.asarray(...)`.
 * Throws DataJaxError `DJX_TENSOR_CONVERSION` for a strided tensor or a dtype NumPy lacks.
 *
 * @example
 * ```ts
 * import { writeFile } from "node:fs/promises";
 * import { tableFromArrays } from "apache-arrow";
 * import { encodeNpy, tableToDLPack } from "@datajax/runtime";
 *
 * const features = tableFromArrays({ distance: Float64Array.from([1.2, 3.4]), fare: Float64Array.from([9, 15]) });
 * await writeFile("features.npy", encodeNpy(tableToDLPack(features)));
 * ```
 */
export function encodeNpy(t: DLPackTensor): Uint8Array {
  if (t.strides !== null) throw new DataJaxError("DJX_TENSOR_CONVERSION", ".npy: only compact row-major tensors are written; copy a strided tensor first.");
  const shape = t.shape.length === 1 ? `(${t.shape[0]},)` : `(${t.shape.join(", ")})`;
  let header = `{'descr': '${descr(t)}', 'fortran_order': False, 'shape': ${shape}, }`;
  const unpadded = 10 + header.length + 1;
  header += " ".repeat((64 - (unpadded % 64)) % 64) + "\n";
  const head = new Uint8Array(10 + header.length);
  head.set([0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59, 1, 0], 0); // \x93NUMPY v1.0
  new DataView(head.buffer).setUint16(8, header.length, true);
  for (let i = 0; i < header.length; i++) head[10 + i] = header.charCodeAt(i);
  const body = new Uint8Array(t.data.buffer, t.data.byteOffset, t.data.byteLength);
  const out = new Uint8Array(head.length + body.length);
  out.set(head, 0);
  out.set(body, head.length);
  return out;
}
