import { childrenOf, explainTree, formatSchema, printStageGraph, sameSchema, ScanNode, Sharding, transformUp, type PlanNode } from "@datajax/core-ir";
import { planStages, type PlanStagesOptions } from "@datajax/planner";
import fc from "fast-check";
import { beforeAll, describe, expect, it } from "vitest";
import { defaultRuleBatches, optimize, optimizeWith, type Rule } from "../src/index.js";
import { loadLocalRunner, type LocalRunner } from "./support/local-backend.js";
import { Choices, randomPlan, randomTable, type RandomTable } from "./support/random-plans.js";

// A fixed seed keeps CI reproducible (a failure prints its seed and path); DJX_FC_SEED=<n> explores others.
fc.configureGlobal({ seed: Number(process.env["DJX_FC_SEED"] ?? 20261201) });

const tape = fc.array(fc.nat({ max: 10_000 }), { minLength: 1, maxLength: 120 });
const generated = tape.map((numbers) => {
  const c = new Choices(numbers);
  const table = randomTable(c);
  return { table, plan: randomPlan(c, table) };
});
const rules: Rule[] = [...new Map(defaultRuleBatches.flatMap((b) => b.rules).map((r) => [r.name, r] as const)).values()];

const schemaKept = (before: PlanNode, after: PlanNode) => {
  if (!sameSchema(before.schema, after.schema)) {
    throw new Error(`schema changed:\n${formatSchema(before.schema)}\n${formatSchema(after.schema)}\n${explainTree(before)}\n=>\n${explainTree(after)}`);
  }
};

describe("properties over random plans", () => {
  it("every rule alone keeps the root schema (and is a no-op the second time around)", () => {
    fc.assert(
      fc.property(generated, ({ plan }) => {
        for (const rule of rules) {
          const once = optimizeWith([rule], plan);
          schemaKept(plan, once);
          expect(optimizeWith([rule], once)).toBe(once);
        }
      }),
      { numRuns: 300 },
    );
  });

  it("all rules together keep the root schema and reach a fixed point", () => {
    fc.assert(
      fc.property(generated, ({ plan }) => {
        const out = optimize(plan);
        schemaKept(plan, out);
        const again = optimize(out);
        if (again !== out) throw new Error(`not a fixed point:\n${explainTree(plan)}\n=>\n${explainTree(out)}\n=>\n${explainTree(again)}`);
      }),
      { numRuns: 500 },
    );
  });
});

/** Equal rows in the same order; floats within 1e-9 relative (DESIGN.md §6). */
function sameRows(a: unknown[][], b: unknown[][]): boolean {
  if (a.length !== b.length) return false;
  return a.every((row, i) =>
    row.length === b[i]!.length &&
    row.every((v, j) => {
      const w = b[i]![j];
      if (typeof v === "number" && typeof w === "number") {
        if (Number.isNaN(v) || Number.isNaN(w)) return Number.isNaN(v) && Number.isNaN(w);
        return v === w || Math.abs(v - w) <= 1e-9 * Math.max(Math.abs(v), Math.abs(w));
      }
      return v === w;
    }),
  );
}

describe("optimized plans return what unoptimized plans return (local reference backend)", () => {
  let runner: LocalRunner | string;
  beforeAll(async () => {
    runner = await loadLocalRunner();
  });

  const check = async (table: RandomTable, plan: PlanNode, optimized: PlanNode) => {
    if (typeof runner === "string") throw new Error(runner);
    // No silent skip: a backend failure on the unoptimized plan is reported as such.
    const expected = await runner.run(plan, table).catch((e: Error) => {
      throw new Error(`the local backend failed on the UNOPTIMIZED plan (not an optimizer bug):\n${explainTree(plan)}\n${e.message}`, { cause: e });
    });
    const actual = await runner.run(optimized, table);
    if (!sameRows(expected, actual)) {
      throw new Error(
        `results differ\nplan:\n${explainTree(plan)}\noptimized:\n${explainTree(optimized)}\nexpected: ${JSON.stringify(expected)}\nactual:   ${JSON.stringify(actual)}`,
      );
    }
  };

  it("all rules together", async () => {
    await fc.assert(fc.asyncProperty(generated, ({ table, plan }) => check(table, plan, optimize(plan))), { numRuns: 1200 });
  });

  it("every rule alone", async () => {
    await fc.assert(
      fc.asyncProperty(generated, async ({ table, plan }) => {
        for (const rule of rules) await check(table, plan, optimizeWith([rule], plan));
      }),
      { numRuns: 100 },
    );
  });
});

/** The plan with its scans sharded one way (block, hash on a column, replicated) over axis "data". */
function shardScans(plan: PlanNode, table: RandomTable, choice: number): PlanNode {
  const column = table.columns[choice % table.columns.length]!.name;
  const sharding = [Sharding.block(), Sharding.hash([column]), Sharding.replicated(), Sharding.hash(["c0"])][choice % 4]!;
  return transformUp(plan, (n) => (n.kind === "Scan" ? ScanNode.create(n.source, n.sourceSchema, { columns: n.columns, filter: n.filter, sharding }) : n));
}

describe("distributed plans return what single-process plans return (stage graphs on the local backend)", () => {
  let runner: LocalRunner | string;
  beforeAll(async () => {
    runner = await loadLocalRunner();
  });

  const strategies: PlanStagesOptions[] = [
    { aggregation: "auto" },
    { aggregation: "exchange_first", broadcastThresholdBytes: Infinity, estimates: { rows: () => 4 } },
    { aggregation: "two_phase", broadcastThresholdBytes: 0 },
  ];

  it("sharded scans, exchanges, two-phase aggregates, broadcast and shuffle joins, gathers", async () => {
    await fc.assert(
      fc.asyncProperty(generated, fc.nat({ max: 11 }), async ({ table, plan }, choice) => {
        if (typeof runner === "string") throw new Error(runner);
        const logical = choice % 2 === 0 ? optimize(plan) : plan;
        const sharded = shardScans(logical, table, choice);
        const graph = planStages(sharded, strategies[choice % strategies.length]);
        const output = graph.stages.find((s) => s.id === graph.output)!;
        if (!sameSchema(output.schema, plan.schema)) throw new Error(`planned schema ${formatSchema(output.schema)} is not ${formatSchema(plan.schema)}\n${printStageGraph(graph)}`);
        const expected = await runner.run(plan, table);
        const actual = await runner.runGraph(graph, table, 1);
        if (!sameRows(expected, actual)) {
          throw new Error(`results differ\nplan:\n${explainTree(plan)}\nstages:\n${printStageGraph(graph)}\nexpected: ${JSON.stringify(expected)}\nactual:   ${JSON.stringify(actual)}`);
        }
      }),
      { numRuns: 800 },
    );
  });
});

/** Whether a plan has a Limit (which rows a limit keeps depends on row order, which ranks change). */
const hasLimit = (n: PlanNode): boolean => n.kind === "Limit" || childrenOf(n).some(hasLimit);
const canonical = (rows: unknown[][]) => rows.map((r) => JSON.stringify(r.map((v) => (typeof v === "number" ? Number(v.toPrecision(10)) : v)))).sort();

describe("distributed plans on 2–4 simulated ranks return the single-process rows (order aside)", () => {
  let runner: LocalRunner | string;
  beforeAll(async () => {
    runner = await loadLocalRunner();
  });

  it("real exchanges between ranks: hash routing, broadcasts, gathers, block splits", async () => {
    await fc.assert(
      fc.asyncProperty(generated, fc.nat({ max: 11 }), fc.integer({ min: 2, max: 4 }), async ({ table, plan }, choice, ranks) => {
        if (typeof runner === "string") throw new Error(runner);
        if (hasLimit(plan)) return;
        const graph = planStages(shardScans(choice % 2 === 0 ? optimize(plan) : plan, table, choice), [{ aggregation: "auto" as const }, { aggregation: "two_phase" as const, broadcastThresholdBytes: 0 }, { aggregation: "exchange_first" as const, broadcastThresholdBytes: Infinity, estimates: { rows: () => 4 } }][choice % 3]);
        const expected = canonical(await runner.run(plan, table));
        const actual = canonical(await runner.runGraph(graph, table, ranks));
        if (JSON.stringify(expected) !== JSON.stringify(actual)) {
          throw new Error(`results differ on ${ranks} ranks\nplan:\n${explainTree(plan)}\nstages:\n${printStageGraph(graph)}\nexpected: ${JSON.stringify(expected)}\nactual:   ${JSON.stringify(actual)}`);
        }
      }),
      { numRuns: 400 },
    );
  });
});

