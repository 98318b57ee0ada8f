import { writeFileAtomically } from "@datajax/io-parquet";
import { encodeNpy, type DLPackTensor } from "@datajax/runtime";

/**
 * Writes a tensor as a `.npy` file, atomically (NumPy: `np.load(path)`; JAX: `jnp.asarray(np.load(path))`).
 * Throws as encodeNpy does for a tensor NumPy cannot hold.
 *
 * @example
 * ```ts
 * import { col, djit, readParquet, tableToDLPack, writeNpy, type Frame } from "@datajax/datajax";
 *
 * const features = await djit((t: Frame) => t.filter(col("fare_amount").gt(0)).select("trip_distance", "fare_amount"))(await readParquet("data/trips.parquet"));
 * await writeNpy(tableToDLPack(features, ["trip_distance", "fare_amount"]), "features.npy");
 * ```
 */
export async function writeNpy(tensor: DLPackTensor, path: string): Promise<void> {
  const bytes = encodeNpy(tensor);
  await writeFileAtomically(path, async (file) => {
    await file.write(bytes);
  });
}
