let scratch = new Int32Array(0);

/**
 * A selection vector of at least `n` entries for a generated kernel to fill and read within one
 * call (kernels run synchronously, so one buffer per thread serves them all; it grows, never
 * shrinks). Its contents are garbage until the kernel writes them.
 */
export function selectionScratch(n: number): Int32Array {
  if (scratch.length < n) scratch = new Int32Array(Math.max(n, scratch.length * 2));
  return scratch;
}
