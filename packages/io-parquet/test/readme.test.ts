import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { expect, it, vi } from "vitest";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");

it("the README example runs and prints what its comments say", async () => {
  const readme = readFileSync(join(root, "README.md"), "utf8");
  const block = /## Example\s+```ts\n([\s\S]*?)```/.exec(readme)?.[1];
  expect(block, "README.md has a ts block under ## Example").toBeTruthy();
  // Under node_modules so that its imports resolve from this package; this package's own name points at its sources.
  const dir = join(root, "node_modules", ".cache", "readme");
  mkdirSync(dir, { recursive: true });
  const file = join(dir, "example.ts");
  writeFileSync(file, block!.replace('from "@datajax/io-parquet"', `from ${JSON.stringify(pathToFileURL(join(root, "src/index.ts")).href)}`));
  const printed: unknown[][] = [];
  const spy = vi.spyOn(console, "log").mockImplementation((...args: unknown[]) => void printed.push(args));
  try {
    await import(/* @vite-ignore */ pathToFileURL(file).href);
  } finally {
    spy.mockRestore();
  }
  expect(printed).toEqual([[10_000, 10], [1_000, 9], [["PULocationID", "fare_amount"]]]);
});
