import { col, type Frame } from "@datajax/transforms";
import { tableToDLPack, toOnnxTensor, type OnnxRuntimeLike } from "@datajax/runtime";
import { DataJaxError } from "@datajax/core-ir";
import { djit } from "../djit.js";
import type { ExampleContext } from "./example.js";

interface OnnxModule extends OnnxRuntimeLike {
  InferenceSession: { create(model: Uint8Array): Promise<{ run(feeds: Record<string, unknown>): Promise<Record<string, { data: ArrayLike<number>; dims: readonly number[] }>> }> };
}

/** Optional packages, loaded only for this example, with what to install when they are missing. */
async function optional<T>(name: string): Promise<T> {
  try {
    const m = (await import(name)) as { default?: T } & T;
    return (m.default ?? m) as T;
  } catch (e) {
    throw new DataJaxError("DJX_OPTIONAL_DEPENDENCY", `the onnx-scoring example needs ${name} (${(e as Error).message}); install it next to @datajax/datajax: npm install onnxruntime-node onnx-proto`);
  }
}

/** A linear model y = x·W + b over [trip_distance, fare_amount], built in code as ONNX (MatMul, Add). */
async function linearModel(weights: readonly number[], bias: number): Promise<Uint8Array> {
  // biome-ignore lint/suspicious/noExplicitAny: onnx-proto is an optional peer without types.
  const { onnx } = await optional<{ onnx: any }>("onnx-proto");
  const f32 = onnx.TensorProto.DataType.FLOAT;
  const valueInfo = (name: string, dims: (number | string)[]) =>
    onnx.ValueInfoProto.create({ name, type: onnx.TypeProto.create({ tensorType: onnx.TypeProto.Tensor.create({ elemType: f32, shape: onnx.TensorShapeProto.create({ dim: dims.map((d) => (typeof d === "string" ? { dimParam: d } : { dimValue: d })) }) }) }) });
  const graph = onnx.GraphProto.create({
    name: "tip_model",
    node: [onnx.NodeProto.create({ opType: "MatMul", input: ["x", "W"], output: ["xw"] }), onnx.NodeProto.create({ opType: "Add", input: ["xw", "b"], output: ["y"] })],
    initializer: [
      onnx.TensorProto.create({ name: "W", dims: [weights.length, 1], dataType: f32, floatData: [...weights] }),
      onnx.TensorProto.create({ name: "b", dims: [1], dataType: f32, floatData: [bias] }),
    ],
    input: [valueInfo("x", ["N", weights.length])],
    output: [valueInfo("y", ["N", 1])],
  });
  return onnx.ModelProto.encode(onnx.ModelProto.create({ irVersion: 8, opsetImport: [{ domain: "", version: 17 }], graph, producerName: "datajax" })).finish();
}

/** Features from DataJAX, handed to onnxruntime-node as one float32 tensor without nulls. */
export async function onnxScoring({ trips, print }: ExampleContext): Promise<void> {
  const ort = await optional<OnnxModule>("onnxruntime-node");
  const features = await djit((t: Frame) => t.filter(col("fare_amount").gt(0)).select("trip_distance", "fare_amount").head(8))(trips);
  const x = tableToDLPack(features, ["trip_distance", "fare_amount"], "float32");
  const session = await ort.InferenceSession.create(await linearModel([0.25, 0.1], 0.5));
  const { y } = await session.run({ x: toOnnxTensor(x, ort) });
  print(`== a ${x.shape.join("×")} float32 tensor into an ONNX model built in code (y = 0.25·distance + 0.1·fare + 0.5):`);
  const distance = features.getChild("trip_distance")!.toArray() as Float64Array;
  const fare = features.getChild("fare_amount")!.toArray() as Float64Array;
  for (let i = 0; i < y!.dims[0]!; i++) print(`distance ${distance[i]!.toFixed(2).padStart(6)}  fare ${fare[i]!.toFixed(2).padStart(7)}  →  y ${Number(y!.data[i]).toFixed(4)}`);
}
