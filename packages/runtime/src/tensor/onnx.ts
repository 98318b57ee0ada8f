import { DataJaxError } from "@datajax/core-ir";
import { DLDataTypeCode, type DLPackTensor } from "./dlpack.js";

/**
 * The slice of onnxruntime-node's API this adapter uses (an optional peer dependency: pass the module in).
 *
 * @example
 * ```ts
 * import type { OnnxRuntimeLike } from "@datajax/runtime";
 *
 * // onnxruntime-node itself fits; so does a stand-in for tests:
 * const fake: OnnxRuntimeLike = { Tensor: class { constructor(readonly type: string, readonly data: ArrayBufferView, readonly dims: readonly number[]) {} } };
 * ```
 */
export interface OnnxRuntimeLike {
  /** The Tensor constructor: element type name (`"float32"`, `"int64"`, ...), data, dimensions. */
  readonly Tensor: new (type: string, data: ArrayBufferView, dims: readonly number[]) => unknown;
}

/** ONNX's element type name of a DLPack dtype. */
function onnxType(t: DLPackTensor): string {
  const { code, bits } = t.dtype;
  if (code === DLDataTypeCode.Float && (bits === 32 || bits === 64)) return `float${bits}`;
  if (code === DLDataTypeCode.Int && [8, 16, 32, 64].includes(bits)) return `int${bits}`;
  if (code === DLDataTypeCode.UInt && [8, 16, 32, 64].includes(bits)) return `uint${bits}`;
  if (code === DLDataTypeCode.Bool) return "bool";
  throw new DataJaxError("DJX_TENSOR_CONVERSION", `onnxruntime: no tensor type for DLPack code ${code} with ${bits} bits.`);
}

/**
 * A tensor as an onnxruntime-node `Tensor` over the same memory (no copy). Throws DataJaxError
 * `DJX_TENSOR_CONVERSION` for a strided tensor or a dtype ONNX has no tensor type for.
 *
 * @example
 * ```ts
 * import * as ort from "onnxruntime-node";
 * import { tableFromArrays } from "apache-arrow";
 * import { tableToDLPack, toOnnxTensor } from "@datajax/runtime";
 *
 * const features = tableFromArrays({ distance: Float64Array.from([1.2, 3.4]), fare: Float64Array.from([9, 15]) });
 * const x = toOnnxTensor<ort.Tensor>(tableToDLPack(features, ["distance", "fare"]), ort);
 * ```
 */
export function toOnnxTensor<T = unknown>(t: DLPackTensor, ort: OnnxRuntimeLike): T {
  if (t.strides !== null) throw new DataJaxError("DJX_TENSOR_CONVERSION", "onnxruntime: only compact row-major tensors are accepted; copy a strided tensor first.");
  return new ort.Tensor(onnxType(t), t.data, t.shape) as T;
}
