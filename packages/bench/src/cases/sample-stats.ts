/** Median, minimum and maximum of a non-empty list of samples. */
export function sampleStats(samples: readonly number[]): { readonly median: number; readonly min: number; readonly max: number; readonly samples: number } {
  const s = [...samples].sort((a, b) => a - b);
  const median = s.length % 2 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
  return { median, min: s[0]!, max: s[s.length - 1]!, samples: s.length };
}

/** Runs `op` once to warm up, then `runs` times, and returns each timed run's milliseconds. */
export async function timeRuns<T>(runs: number, op: () => Promise<T> | T): Promise<{ readonly ms: number[]; readonly last: T }> {
  let last = await op();
  const ms: number[] = [];
  for (let i = 0; i < runs; i++) {
    await new Promise<void>((r) => setImmediate(r));
    const t0 = performance.now();
    last = await op();
    ms.push(performance.now() - t0);
  }
  return { ms, last };
}
