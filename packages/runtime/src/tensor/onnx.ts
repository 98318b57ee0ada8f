import { DataJaxError } from "@datajax/core-ir";
import { DLDataTypeCode, type DLPackTensor } from "./dlpack.js";

/** The slice of onnxruntime-node's API this adapter uses (an optional peer dependency: pass the module in). */
export interface OnnxRuntimeLike {
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
 * A tensor as an onnxruntime-node `Tensor` over the same memory (no copy):
 * `toOnnxTensor(tableToDLPack(features, cols), await import("onnxruntime-node"))`.
 */
export function toOnnxTensor<T = unknown>(t: DLPackTensor, ort: OnnxRuntimeLike): T {
  if (t.strides !== null) throw new DataJaxError("DJX_TENSOR_CONVERSION", "onnxruntime: only compact row-major tensors are accepted; copy a strided tensor first.");
  return new ort.Tensor(onnxType(t), t.data, t.shape) as T;
}
