import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { expect, it, vi } from "vitest";
import { ensureTaxiDataset } from "../src/index.js";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");

/** The ts block under `## Example` of a README, reading `dataPath` for "data/taxi.parquet". */
function exampleOf(readmePath: string, dataPath: string): string {
  const block = /## Example\s+```ts\n([\s\S]*?)```/.exec(readFileSync(readmePath, "utf8"))?.[1];
  if (!block) throw new Error(`${readmePath} has no ts block under ## Example`);
  return block
    .replace('from "@datajax/datajax"', `from ${JSON.stringify(pathToFileURL(join(root, "src/index.ts")).href)}`)
    .replaceAll('"data/taxi.parquet"', JSON.stringify(dataPath));
}

async function runExample(source: string, name: string): Promise<unknown[][]> {
  // Under node_modules so that its imports resolve from this package.
  const dir = join(root, "node_modules", ".cache", "readme");
  mkdirSync(dir, { recursive: true });
  const file = join(dir, `${name}.ts`);
  writeFileSync(file, source);
  const printed: unknown[][] = [];
  const spy = vi.spyOn(console, "log").mockImplementation((...args: unknown[]) => void printed.push(args));
  try {
    await import(/* @vite-ignore */ pathToFileURL(file).href);
  } finally {
    spy.mockRestore();
  }
  return printed;
}

it("this package's README example runs on the demo dataset and prints what it says", async () => {
  const { path } = await ensureTaxiDataset({ rows: 1_000_000 });
  const printed = await runExample(exampleOf(join(root, "README.md"), path), "datajax-readme");
  expect(printed[0]).toEqual([6356, ["PULocationID", "hour", "trips", "mean_fare", "mean_tip_ratio"]]);
  const listing = String(printed[1]![0]);
  expect(listing).toMatch(/^# ir\n/);
  expect(listing).toContain("# optimized");
  expect(listing).toContain("# stages");
  expect(listing).toContain("filter=(fare_amount > 0) and (trip_distance > 0)");
});

it("the repository README's example runs too", async () => {
  const { path } = await ensureTaxiDataset({ rows: 1_000_000 });
  const readme = readFileSync(join(root, "..", "..", "README.md"), "utf8");
  const block = /```ts\n([\s\S]*?)```/.exec(readme)?.[1];
  expect(block, "README.md has a ts block").toBeTruthy();
  const source = block!
    .replace('from "@datajax/datajax"', `from ${JSON.stringify(pathToFileURL(join(root, "src/index.ts")).href)}`)
    .replaceAll('"data/taxi.parquet"', JSON.stringify(path))
    .replace(/^const features = (.*)$/m, "const features = $1\nconsole.log(features.numRows);");
  const printed = await runExample(source, "repo-readme");
  expect(printed[0]).toEqual([6356]);
  expect(String(printed[1]![0])).toMatch(/^# ir\n[\s\S]*\n# optimized \(rules: [^)]+\)\n[\s\S]*\n# stages\n/);
});
