import { afterEach, describe, expect, it } from "vitest";
import { RankThreads } from "../src/threads/rank-threads.js";

// Worker threads load the built package (dist): these tests need it built, as the test script does.
describe("the local backend's worker threads (RankThreads)", () => {
  let threads: RankThreads | null = null;
  afterEach(async () => { await threads?.close(); });

  const badJob = { graph: { stages: [], output: "s0" } as never, stageId: "s9", rank: 1, ranks: 2, delivered: [], args: [] };

  it("rejects with the error a stage threw in the worker (its name and message), and the worker keeps serving", async () => {
    threads = new RankThreads(1);
    for (let i = 0; i < 2; i++) {
      const error = await threads.run(0, badJob).then(() => null, (e: Error) => e);
      expect(error?.name).toBe("PlanSerializationError");
      expect(error?.message).toMatch(/not a valid DataJAX stage graph/);
    }
  });

  it("fails a job whose worker stops before it finishes, and starts a new worker for the next", async () => {
    threads = new RankThreads(1);
    const running = threads.run(0, badJob);
    const closing = threads.close();
    const outcome = await Promise.race([running.then(() => "resolved", (e: Error) => e.message), new Promise((r) => setTimeout(() => r("hung"), 10_000))]);
    // Either the worker answered first (the stage's own error) or it stopped first: never a hang.
    expect(outcome).toMatch(/not a valid DataJAX stage graph|worker thread 1 stopped \(exit code \d+\) before its rank of the stage finished/);
    await closing;
    await expect(threads.run(0, badJob)).rejects.toThrow(/not a valid DataJAX stage graph/);
  });
});
