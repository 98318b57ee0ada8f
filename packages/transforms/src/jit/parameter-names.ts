/**
 * The parameter names of a function, read from its source text (`(trips, zones) => ...`,
 * `function f(a, b = 1)`). A destructured or rest parameter, or one that cannot be read, is
 * named `arg<i>`. Names only label Scans and messages; nothing depends on them being found.
 */
export function parameterNames(fn: (...args: never[]) => unknown, count: number): string[] {
  const found = parse(Function.prototype.toString.call(fn));
  return Array.from({ length: Math.max(count, found.length) }, (_, i) => found[i] ?? `arg${i}`);
}

function parse(src: string): (string | undefined)[] {
  let s = src.trim().replace(/^async\s+/, "");
  if (s.startsWith("function")) s = s.slice(s.indexOf("("));
  else if (!s.startsWith("(")) {
    // `x => ...`, or a method `name(a, b) { ... }`
    const arrow = /^([A-Za-z_$][\w$]*)\s*=>/.exec(s);
    if (arrow) return [arrow[1]];
    const paren = s.indexOf("(");
    if (paren < 0) return [];
    s = s.slice(paren);
  }
  // Split the parenthesised list at depth-1 commas.
  const params: string[] = [];
  let depth = 0;
  let cur = "";
  for (let i = 0; i < s.length; i++) {
    const c = s[i]!;
    if (c === "(" || c === "[" || c === "{") {
      depth++;
      if (depth === 1 && c === "(") continue;
    } else if (c === ")" || c === "]" || c === "}") {
      depth--;
      if (depth === 0) {
        params.push(cur);
        break;
      }
    } else if (c === "," && depth === 1) {
      params.push(cur);
      cur = "";
      continue;
    }
    cur += c;
  }
  return params
    .map((p) => p.replace(/\/\*[\s\S]*?\*\//g, "").replace(/\/\/.*$/gm, "").trim())
    .filter((p, i, all) => p.length > 0 || i < all.length - 1)
    .map((p) => /^([A-Za-z_$][\w$]*)\s*(=|$)/.exec(p)?.[1]);
}
