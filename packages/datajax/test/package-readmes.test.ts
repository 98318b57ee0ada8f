import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { describe, expect, it, vi } from "vitest";

// Every package's README example runs as written (its @datajax imports pointed at the sources)
// and prints what its comments say. transforms, io-parquet and this package test their own.
const packages = join(dirname(fileURLToPath(import.meta.url)), "..", "..");

async function runReadmeExample(pkg: string): Promise<unknown[]> {
  const readme = readFileSync(join(packages, pkg, "README.md"), "utf8");
  const block = /```ts\n([\s\S]*?)```/.exec(readme)?.[1];
  if (!block) throw new Error(`packages/${pkg}/README.md has no ts block`);
  const source = block.replace(/from "@datajax\/([a-z-]+)"/g, (_m, name: string) => `from ${JSON.stringify(pathToFileURL(join(packages, name, "src", "index.ts")).href)}`);
  // Under node_modules so that its other imports (apache-arrow) resolve from this package.
  const dir = join(packages, "datajax", "node_modules", ".cache", "package-readmes");
  mkdirSync(dir, { recursive: true });
  const file = join(dir, `${pkg}.ts`);
  writeFileSync(file, source);
  const printed: unknown[] = [];
  const spy = vi.spyOn(console, "log").mockImplementation((x: unknown) => void printed.push(x));
  try {
    await import(/* @vite-ignore */ pathToFileURL(file).href);
  } finally {
    spy.mockRestore();
  }
  return printed;
}

const json = (x: unknown) => JSON.stringify(x, (_k, v) => (typeof v === "bigint" ? `${v}n` : v));

describe("package README examples", () => {
  it("core-ir: prints the plan, round-trips it through JSON, and a typo fails with the close match", async () => {
    const [listing, same, error] = await runReadmeExample("core-ir");
    expect(listing).toBe(["t0: {fare_amount:float64?, PULocationID:int32} = scan[trips]", "t1: {fare_amount:float64?, PULocationID:int32} = filter[fare_amount > 0.0] t0", "return t1"].join("\n"));
    expect(same).toBe(true);
    expect(error).toMatch(/filter: no column named "fare_amout"[\s\S]*Did you mean "fare_amount"\?/);
  });

  it("planner: a one-stage graph that round-trips through JSON", async () => {
    const [graph, same] = await runReadmeExample("planner");
    expect(graph).toMatch(/^stage s0 \(output\) <- \[\] \{zone:int32, n:int64\} hash=[0-9a-f]+\n/);
    expect(same).toBe(true);
  });

  it("runtime: the executor runs a stage graph on the local backend and reports metrics", async () => {
    const [rows, metrics] = await runReadmeExample("runtime");
    expect(json(rows)).toBe(json([{ total: 6n }]));
    expect(metrics).toMatch(/wall ms[\s\S]*s0/);
  });

  it("backend-local: runs a plan over an Arrow table", async () => {
    const [rows] = await runReadmeExample("backend-local");
    expect(json((rows as { toJSON(): unknown }[]).map((r) => r.toJSON()))).toBe(json([{ zone: 1, n: 2n, mean_fare: 20 }]));
  });

  it("control-plane: diffs two manifests", async () => {
    expect(await runReadmeExample("control-plane")).toEqual(["1 added, 1 changed, 1 removed", true]);
  });

  it("backend-spmd-native: without a built addon, the loader says what it tried and how to fix it", async () => {
    const [message] = await runReadmeExample("backend-spmd-native");
    expect(message).toMatch(/tried/i);
  });
});
