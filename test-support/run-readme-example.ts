import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { vi } from "vitest";

const packagesDir = join(dirname(fileURLToPath(import.meta.url)), "..", "packages");

export interface ReadmeExampleOptions {
  /** The package whose dependencies the example's other imports (apache-arrow, ...) resolve from. */
  readonly resolveFrom: string;
  /** Names the temporary module; distinct per README run from one package. */
  readonly name: string;
  /** Applied to the block after its imports are rewritten. */
  readonly edit?: (source: string) => string;
  /** Runs the block-th ts block of the file (0-based, in document order) instead of the default one. */
  readonly block?: number;
}

/** Every ts block of a markdown text, in document order (the code between the fences). */
export function tsBlocks(markdown: string): string[] {
  return [...markdown.matchAll(/```ts\n([\s\S]*?)```/g)].map((m) => m[1]!);
}

/**
 * Runs a README's ts example as written (the block under `## Example`, else the first ts block, or
 * the `block`-th one when given) with every `@datajax/<pkg>` import pointed at that package's
 * sources, and returns what it printed: one entry per console.log call, holding that call's arguments.
 */
export async function runReadmeExample(readmePath: string, options: ReadmeExampleOptions): Promise<unknown[][]> {
  const readme = readFileSync(readmePath, "utf8");
  const block =
    options.block !== undefined
      ? tsBlocks(readme)[options.block]
      : (/## Example\s+```ts\n([\s\S]*?)```/.exec(readme) ?? /```ts\n([\s\S]*?)```/.exec(readme))?.[1];
  if (!block) throw new Error(`${readmePath} has no ts block${options.block !== undefined ? ` number ${options.block}` : ""}`);
  const rewritten = block.replace(/from "@datajax\/([a-z-]+)"/g, (_m, pkg: string) => `from ${JSON.stringify(pathToFileURL(join(packagesDir, pkg, "src", "index.ts")).href)}`);
  // Under node_modules so that the example's other imports resolve from `resolveFrom`.
  const dir = join(packagesDir, options.resolveFrom, "node_modules", ".cache", "readmes");
  mkdirSync(dir, { recursive: true });
  const file = join(dir, `${options.name}.ts`);
  writeFileSync(file, (options.edit ?? ((s) => s))(rewritten));
  const printed: unknown[][] = [];
  const spy = vi.spyOn(console, "log").mockImplementation((...args: unknown[]) => void printed.push(args));
  try {
    await import(/* @vite-ignore */ pathToFileURL(file).href);
  } finally {
    spy.mockRestore();
  }
  return printed;
}
