import { writeFileAtomically } from "@datajax/io-parquet";
import { encodeNpy, type DLPackTensor } from "@datajax/runtime";

/** Writes a tensor as a `.npy` file, atomically (NumPy: `np.load(path)`; JAX: `jnp.asarray(np.load(path))`). */
export async function writeNpy(tensor: DLPackTensor, path: string): Promise<void> {
  const bytes = encodeNpy(tensor);
  await writeFileAtomically(path, async (file) => {
    await file.write(bytes);
  });
}
