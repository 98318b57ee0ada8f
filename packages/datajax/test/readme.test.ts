import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { runReadmeExample } from "../../../test-support/run-readme-example.js";
import { ensureTaxiDataset } from "../src/index.js";

// README examples run as written: their @datajax imports pointed at the sources, and
// "data/taxi.parquet" at the demo dataset (test-support/run-readme-example.ts). transforms and io-parquet test their own.
const packages = join(dirname(fileURLToPath(import.meta.url)), "..", "..");

const packageExample = async (pkg: string) => (await runReadmeExample(join(packages, pkg, "README.md"), { resolveFrom: "datajax", name: pkg })).map((args) => args[0]);
const json = (x: unknown) => JSON.stringify(x, (_k, v) => (typeof v === "bigint" ? `${v}n` : v));

describe("the umbrella's README examples, on the 1M-row demo dataset", () => {
  const onDemoData = async (edit: (s: string) => string = (s) => s) => {
    const { path } = await ensureTaxiDataset({ rows: 1_000_000 });
    return (s: string) => edit(s.replaceAll('"data/taxi.parquet"', JSON.stringify(path)));
  };

  it("this package's README example prints the featurize result and its listing", async () => {
    const printed = await runReadmeExample(join(packages, "datajax", "README.md"), { resolveFrom: "datajax", name: "datajax", edit: await onDemoData() });
    expect(printed[0]).toEqual([6356, ["PULocationID", "hour", "trips", "mean_fare", "mean_tip_ratio"]]);
    const listing = String(printed[1]![0]);
    expect(listing).toMatch(/^# ir\n[\s\S]*\n# optimized \(rules: [^)]+\)\n[\s\S]*\n# stages\n/);
    expect(listing).toContain("filter=(fare_amount > 0) and (trip_distance > 0)");
  });

  it("the repository README's example runs too", async () => {
    const printFeatures = (s: string) => s.replace(/^const features = (.*)$/m, "const features = $1\nconsole.log(features.numRows);");
    const printed = await runReadmeExample(join(packages, "..", "README.md"), { resolveFrom: "datajax", name: "repository", edit: await onDemoData(printFeatures) });
    expect(printed[0]).toEqual([6356]);
    expect(String(printed[1]![0])).toMatch(/^# ir\n[\s\S]*\n# optimized \(rules: [^)]+\)\n[\s\S]*\n# stages\n/);
  });
});

describe("package README examples", () => {
  it("core-ir: prints the plan, round-trips it through JSON, and a typo fails with the close match", async () => {
    const [listing, same, error] = await packageExample("core-ir");
    expect(listing).toBe(["t0: {fare_amount:float64?, PULocationID:int32} = scan[trips]", "t1: {fare_amount:float64?, PULocationID:int32} = filter[fare_amount > 0.0] t0", "return t1"].join("\n"));
    expect(same).toBe(true);
    expect(error).toMatch(/filter: no column named "fare_amout"[\s\S]*Did you mean "fare_amount"\?/);
  });

  it("planner: a one-stage graph that round-trips through JSON", async () => {
    const [graph, same] = await packageExample("planner");
    expect(graph).toMatch(/^stage s0 \(output\) <- \[\] \{zone:int32, n:int64\} hash=[0-9a-f]+\n/);
    expect(same).toBe(true);
  });

  it("runtime: the executor runs a stage graph on the local backend and reports metrics", async () => {
    const [rows, metrics] = await packageExample("runtime");
    expect(json(rows)).toBe(json([{ total: 6n }]));
    expect(metrics).toMatch(/wall ms[\s\S]*s0/);
  });

  it("backend-local: runs a plan over an Arrow table", async () => {
    const [rows] = await packageExample("backend-local");
    expect(json((rows as { toJSON(): unknown }[]).map((r) => r.toJSON()))).toBe(json([{ zone: 1, n: 2n, mean_fare: 20 }]));
  });

  it("control-plane: diffs two manifests", async () => {
    expect(await packageExample("control-plane")).toEqual(["1 added, 1 changed, 1 removed", true]);
  });

  // backend-spmd-native runs its own README example (an MPI world of 1) in its test/readme.test.ts.
});
