import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { expect, it } from "vitest";
import { runReadmeExample } from "../../../test-support/run-readme-example.js";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");

it("the README example runs and prints what its comments say", async () => {
  const printed = await runReadmeExample(join(root, "README.md"), { resolveFrom: "io-parquet", name: "io-parquet" });
  expect(printed).toEqual([[10_000, 10], [1_000, 9], [["PULocationID", "fare_amount"]]]);
});
