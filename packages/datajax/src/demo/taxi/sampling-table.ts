/**
 * A discrete distribution sampled in O(1): a table of 2^16 cells, each holding the value whose
 * cumulative-probability interval covers the cell. Resolution 1/65536 is plenty for benchmark
 * data, and a lookup by the top 16 bits of a random uint32 is cheaper than a binary search.
 */
export function samplingTable(values: ArrayLike<number>, weights: ArrayLike<number>): Int32Array {
  if (values.length !== weights.length || values.length === 0) throw new Error("samplingTable: values and weights must be non-empty and of equal length");
  let total = 0;
  for (let i = 0; i < weights.length; i++) total += weights[i]!;
  const table = new Int32Array(65536);
  let cell = 0;
  let cumulative = 0;
  for (let i = 0; i < values.length; i++) {
    cumulative += weights[i]!;
    const end = i === values.length - 1 ? 65536 : Math.round((cumulative / total) * 65536);
    for (; cell < end; cell++) table[cell] = values[i]!;
  }
  return table;
}
