import { readdirSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { format } from "node:util";
import { describe, expect, it } from "vitest";
import { runReadmeExample, tsBlocks } from "../../../test-support/run-readme-example.js";

// Every ts block of every tutorial runs as written (its @datajax imports pointed at the sources), and
// what it prints (console.log, formatted as Node prints it) must equal the ```text block under it.
const tutorialsDir = join(dirname(fileURLToPath(import.meta.url)), "..", "..", "..", "docs", "tutorials");
const tutorials = ["first-pipeline", "vmap-pjit-scan", "distributed-run", "feeding-a-model"];

/** The text block that follows each ts block, in order (undefined where a ts block has none). */
function expectedOutputs(markdown: string): (string | undefined)[] {
  return [...markdown.matchAll(/```ts\n[\s\S]*?```(\s*```text\n([\s\S]*?)```)?/g)].map((m) => m[2]);
}

// A module is evaluated once per path, so each block runs once and its output is kept for every test.
const runs = new Map<string, Promise<string>>();
function printedBy(tutorial: string, block: number): Promise<string> {
  const key = `${tutorial}-${block}`;
  if (!runs.has(key)) {
    const run = runReadmeExample(join(tutorialsDir, `${tutorial}.md`), { resolveFrom: "datajax", name: `tutorial-${key}`, block });
    runs.set(key, run.then((printed) => printed.map((args) => format(...args)).join("\n")));
  }
  return runs.get(key)!;
}

it("every tutorial in docs/tutorials is tested here", () => {
  expect(readdirSync(tutorialsDir).filter((f) => f.endsWith(".md")).map((f) => f.replace(/\.md$/, "")).sort()).toEqual([...tutorials].sort());
});

describe.each(tutorials)("docs/tutorials/%s.md", (tutorial) => {
  const markdown = readFileSync(join(tutorialsDir, `${tutorial}.md`), "utf8");
  const outputs = expectedOutputs(markdown);

  it("has at least one ts block, each followed by the output it prints", () => {
    expect(tsBlocks(markdown).length).toBeGreaterThan(0);
    expect(outputs).toHaveLength(tsBlocks(markdown).length);
    outputs.forEach((o, i) => expect(o?.trim(), `ts block ${i} has no non-empty text block under it`).toBeTruthy());
  });

  it.each(outputs.map((o, i) => [i, o] as const))("ts block %i prints what the page shows", async (block, expected) => {
    expect(await printedBy(tutorial, block)).toBe((expected ?? "").replace(/\n$/, ""));
  });
});

// Facts the pages state in prose, checked apart from the pasted output.
describe("what the tutorials claim", () => {
  it("first pipeline: the optimizer pushes the filter into the scan and prunes it to the columns read", async () => {
    const out = await printedBy("first-pipeline", 1);
    expect(out).toContain("= scan[t columns=[tpep_pickup_datetime, fare_amount] filter=fare_amount > 0]");
    expect(out).toContain("[ 'push_filter_into_scan', 'prune_projections' ]");
  });

  it("vmap: an emptied group keeps its row, as f on its rows alone gives (count 0, mean null)", async () => {
    expect((await printedBy("vmap-pjit-scan", 0)).split("\n")).toContain("3 0n null null");
  });

  it("pjit: the simulated ranks give djit's rows, and an input keyed by the group key needs one stage", async () => {
    expect((await printedBy("distributed-run", 1)).split("\n")[1]).toBe("true");
    expect((await printedBy("distributed-run", 2)).split("\n")[0]).toBe("1 stage");
  });
});
