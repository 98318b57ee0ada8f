import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { expect, it } from "vitest";
import { runReadmeExample } from "../../../test-support/run-readme-example.js";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");

it("the README example runs as an MPI world of 1 and prints what its comments say", async () => {
  const printed = await runReadmeExample(join(root, "README.md"), { resolveFrom: "backend-spmd-native", name: "backend-spmd-native" });
  expect(printed).toEqual([
    [2, 1, 1234, 1],
    [[0, 0, 0], 3, 1, 31],
  ]);
});
