import { isWideType, valueArrayConstructor, type Column } from "../columns/column.js";
import { emitInputPrologue, layoutKey, layoutOf, prepareInput, type InputLayout } from "../codegen/column-access.js";
import { copiesInLoop } from "../codegen/output-writer.js";
import { cachedKernel } from "../codegen/kernel-cache.js";
import type { DenseKeyIndex } from "../hash/group-key-table.js";

/** What one probe batch of a unique-key join returns: group ids and the gathered right columns. */
export interface LookupProbeResult {
  /** Per probe row, its build row in group order (-1: no match, null key included). */
  readonly gids: Int32Array;
  readonly misses: number;
  /** Per right column: gathered values and validity (null entries: not gathered here, use takeRows). */
  readonly gathered: readonly ({ readonly values: unknown; readonly validity: Uint8Array | null; readonly nullCount: number } | null)[];
}

type LookupProbeKernel = (keys: readonly unknown[], rights: readonly unknown[], n: number, dense: DenseKeyIndex) => LookupProbeResult;

/**
 * One generated loop per probe batch of a join whose build keys are unique and densely indexed:
 * it finds each probe row's group in the dense index (as GroupKeyTable.lookup would) and gathers
 * the fixed-width right columns at that group in the same pass. Specialized on the layouts.
 */
export function runLookupProbe(keys: readonly Column[], rights: readonly Column[], n: number, dense: DenseKeyIndex): LookupProbeResult {
  const keyLayouts = keys.map(layoutOf);
  const rightLayouts = rights.map(layoutOf);
  const cacheKey = `lookup-probe|${keyLayouts.map(layoutKey).join(",")}|${rightLayouts.map(layoutKey).join(",")}`;
  const kernel = cachedKernel<LookupProbeKernel>(cacheKey, () => lookupProbeSource(keyLayouts, rightLayouts));
  return kernel(keys.map(prepareInput), rights.map(prepareInput), n, dense);
}

function lookupProbeSource(keyLayouts: readonly InputLayout[], rightLayouts: readonly InputLayout[]): string {
  const prologue: string[] = ["const $slots = dense.slots;", "const gids = new Int32Array(n);", "let misses = 0;"];
  const lookup: string[] = [];
  const terms: string[] = [];
  keyLayouts.forEach((l, c) => {
    prologue.push(emitInputPrologue(c, l, "keys"));
    prologue.push(`const $lo${c} = dense.lows[${c}] - 1; const $size${c} = dense.sizes[${c}];`);
    prologue.push(c === 0 ? "const $stride0 = 1;" : `const $stride${c} = $stride${c - 1} * $size${c - 1};`);
    const value = isWideType(l.type) ? `(c${c}[2 * i + 1] * 4294967296 + (c${c}[2 * i] >>> 0))` : l.type.id === "bool" ? `((c${c}[i >> 3] >> (i & 7)) & 1)` : `c${c}[i]`;
    const isNull = l.hasNulls ? `((m${c}[i >> 3] >> (i & 7)) & 1) === 0 || ` : "";
    lookup.push(`const $x${c} = ${value} - $lo${c}; if (${isNull}!($x${c} >= 1 && $x${c} < $size${c} && ($x${c} | 0) === $x${c})) { gids[i] = -1; misses++; continue; }`);
    terms.push(`$x${c} * $stride${c}`);
  });
  lookup.push(`const g = $slots[${terms.join(" + ")}];`, "gids[i] = g;", "if (g < 0) { misses++; continue; }");
  const gathers: string[] = [];
  const results: string[] = [];
  rightLayouts.forEach((l, r) => {
    if (!copiesInLoop(l)) { results.push("null"); return; }
    const src = `r${r}`;
    prologue.push(`const ${src} = rights[${r}].values;`);
    const o = `o${r}`;
    // Validity starts all-null: rows that miss stay null (left joins), matched rows set their bit.
    prologue.push(`const v${r} = new Uint8Array((n + 7) >> 3); let nn${r} = 0;`);
    if (l.hasNulls) prologue.push(`const rm${r} = rights[${r}].validity;`);
    let write: string;
    if (l.type.id === "bool") {
      prologue.push(`const ${o} = new Uint8Array((n + 7) >> 3);`);
      write = `if ((${src}[g >> 3] >> (g & 7)) & 1) ${o}[i >> 3] |= 1 << (i & 7);`;
    } else if (isWideType(l.type)) {
      prologue.push(`const ${o} = new Int32Array(2 * n);`);
      write = `${o}[2 * i] = ${src}[2 * g]; ${o}[2 * i + 1] = ${src}[2 * g + 1];`;
    } else {
      prologue.push(`const ${o} = new ${valueArrayConstructor(l.type).name}(n);`);
      write = `${o}[i] = ${src}[g];`;
    }
    write += l.hasNulls ? ` if (((rm${r}[g >> 3] >> (g & 7)) & 1) === 1) v${r}[i >> 3] |= 1 << (i & 7); else nn${r}++;` : ` v${r}[i >> 3] |= 1 << (i & 7);`;
    gathers.push(write);
    results.push(`{ values: ${o}, validity: v${r}, nullCount: nn${r} + misses }`);
  });
  return [
    "return function probe(keys, rights, n, dense) {",
    ...prologue,
    "for (let i = 0; i < n; i++) {",
    ...lookup,
    ...gathers,
    "}",
    `return { gids, misses, gathered: [${results.join(", ")}] };`,
    "};",
  ].join("\n");
}
