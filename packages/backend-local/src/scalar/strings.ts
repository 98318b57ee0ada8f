/** String operators on JS strings; lengths and positions count code points, as Polars does. */
const SURROGATE = /[\uD800-\uDFFF]/;

export function codePointLength(s: string): number {
  if (!SURROGATE.test(s)) return s.length;
  let n = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0xdc00 || c > 0xdfff) n++;
  }
  return n;
}

/** The `length` code points from 0-based `start` (a negative start counts from the end). */
export function substring(s: string, start: number, length: number): string {
  if (length <= 0) return "";
  if (!SURROGATE.test(s)) {
    const from = start < 0 ? Math.max(0, s.length + start) : start;
    return s.substring(from, from + length);
  }
  const points = Array.from(s);
  const from = start < 0 ? Math.max(0, points.length + start) : start;
  return points.slice(from, from + length).join("");
}
