import { beforeAll, describe, expect, it } from "vitest";
import { assertRunnable, fixture, mpirun, runProcess } from "./support/mpirun.js";

// Real MPI: mpirun starts N node processes running the built dist/ (see test/fixtures). Every rank
// checks what it received and exits non-zero on a mismatch.

const okLines = (stdout: string) => stdout.split("\n").filter((l) => / ok: \d+ checks$/.test(l));

describe("MPI collectives and batch exchanges under mpirun", () => {
  beforeAll(() => assertRunnable());

  it("runs as an MPI singleton of size 1 under plain node", async () => {
    const r = await runProcess(process.execPath, [fixture("collectives-runner.mjs")], { timeoutMs: 60_000 });
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    expect(okLines(r.stdout)).toEqual([expect.stringMatching(/^rank 0\/1 ok/)]);
  });

  for (const ranks of [2, 4]) {
    it(`passes every collective and exchange check on each of ${ranks} ranks`, async () => {
      const r = await mpirun(ranks, fixture("collectives-runner.mjs"));
      expect(r.stderr).not.toContain("MISMATCH");
      expect(r.code, r.stdout + r.stderr).toBe(0);
      expect(okLines(r.stdout).map((l) => l.split(" ok")[0]).sort()).toEqual(
        Array.from({ length: ranks }, (_, k) => `rank ${k}/${ranks}`),
      );
    });
  }

  it("ends the whole job non-zero within 10 s when one rank is killed mid-run", async () => {
    const r = await mpirun(3, fixture("failing-rank-runner.mjs"), ["kill"], { timeoutMs: 30_000, markLine: "rank 1 failing now" });
    expect(r.timedOut, "mpirun hung after a rank died").toBe(false);
    expect(r.code).not.toBe(0);
    expect(r.sinceMarkMs).toBeDefined();
    expect(r.sinceMarkMs!).toBeLessThan(10_000);
    expect(r.stdout).not.toContain("should never pass");
  });

  it("ends the whole job non-zero within 10 s when one rank throws, printing its error", async () => {
    const r = await mpirun(3, fixture("failing-rank-runner.mjs"), ["throw"], { timeoutMs: 30_000, markLine: "rank 1 failing now" });
    expect(r.timedOut, "mpirun hung after a rank threw").toBe(false);
    expect(r.code).not.toBe(0);
    expect(r.sinceMarkMs!).toBeLessThan(10_000);
    expect(r.stderr).toContain("rank 1 failed on purpose");
    expect(r.stdout).not.toContain("should never pass");
  });
});
