import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { expect, it } from "vitest";
import { runReadmeExample } from "../../../test-support/run-readme-example.js";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");

it("the README's compute-kernel example runs and prints what its comments say", async () => {
  const printed = await runReadmeExample(join(root, "README.md"), { resolveFrom: "backend-spmd-native", name: "backend-spmd-native-kernels", block: 1 });
  expect(printed).toEqual([[10, 2]]);
});
