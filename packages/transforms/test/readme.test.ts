import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { describe, expect, it, vi } from "vitest";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");

/** The README's example, with `@datajax/transforms` pointed at this package's sources. */
function readmeExample(): string {
  const readme = readFileSync(join(root, "README.md"), "utf8");
  const block = /## Example\s+```ts\n([\s\S]*?)```/.exec(readme);
  if (!block) throw new Error("README.md has no ts block under ## Example");
  return block[1]!.replace('from "@datajax/transforms"', `from ${JSON.stringify(pathToFileURL(join(root, "src/index.ts")).href)}`);
}

describe("README", () => {
  it("the example runs and prints what it says", async () => {
    // Under node_modules so that its other imports resolve from this package.
    const dir = join(root, "node_modules", ".cache", "readme");
    mkdirSync(dir, { recursive: true });
    const file = join(dir, "example.ts");
    writeFileSync(file, readmeExample());
    const printed: unknown[] = [];
    const spy = vi.spyOn(console, "log").mockImplementation((x: unknown) => void printed.push(x));
    try {
      await import(/* @vite-ignore */ pathToFileURL(file).href);
    } finally {
      spy.mockRestore();
    }
    const rows = printed[0] as Record<string, unknown>[];
    expect(rows).toHaveLength(2);
    expect(rows).toEqual(
      expect.arrayContaining([
        { PULocationID: 1, hour: 5, trips: 2n, mean_fare: 15, mean_tip_ratio: (1 / 11 + 4 / 24) / 2 },
        { PULocationID: 2, hour: 6, trips: 1n, mean_fare: 4, mean_tip_ratio: 0.2 },
      ]),
    );
    expect(String(printed[1])).toMatch(/^# ir\n/);
    expect(printed[2]).toBe("cache miss for featurize: static argument 1 (minFare) differs: 0 → 5 (compared with the nearest of 1 cached signature).");
  });
});
