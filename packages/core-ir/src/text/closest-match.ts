/**
 * Levenshtein distance on UTF-16 code units, case-insensitive.
 *
 * @example
 * ```ts
 * import { editDistance } from "@datajax/core-ir";
 *
 * editDistance("kitten", "sitting"); // 3
 * editDistance("Fare", "fare"); // 0
 * ```
 */
export function editDistance(a: string, b: string): number {
  const x = a.toLowerCase();
  const y = b.toLowerCase();
  let prev = new Array<number>(y.length + 1);
  let cur = new Array<number>(y.length + 1);
  for (let j = 0; j <= y.length; j++) prev[j] = j;
  for (let i = 1; i <= x.length; i++) {
    cur[0] = i;
    for (let j = 1; j <= y.length; j++) {
      const cost = x.charCodeAt(i - 1) === y.charCodeAt(j - 1) ? 0 : 1;
      cur[j] = Math.min(prev[j]! + 1, cur[j - 1]! + 1, prev[j - 1]! + cost);
    }
    [prev, cur] = [cur, prev];
  }
  return prev[y.length]!;
}

/**
 * The candidate closest to `name`, if one is close enough to be a plausible typo: within a third
 * of the name's length in edits (at least 2), or differing only by case, or containing the other
 * with few extra characters.
 *
 * @example
 * ```ts
 * import { closestMatch } from "@datajax/core-ir";
 *
 * closestMatch("fare_amout", ["fare_amount", "tip_amount"]); // "fare_amount"
 * closestMatch("borough", ["fare_amount", "tip_amount"]); // undefined
 * ```
 */
export function closestMatch(name: string, candidates: readonly string[]): string | undefined {
  let best: string | undefined;
  let bestScore = Infinity;
  for (const c of candidates) {
    let d = editDistance(name, c);
    const lo = name.toLowerCase();
    const lc = c.toLowerCase();
    if (lc.includes(lo) || lo.includes(lc)) d = Math.min(d, Math.abs(c.length - name.length) * 0.5);
    if (d < bestScore) {
      bestScore = d;
      best = c;
    }
  }
  if (best === undefined) return undefined;
  return bestScore <= Math.max(2, Math.ceil(name.length / 3)) ? best : undefined;
}
