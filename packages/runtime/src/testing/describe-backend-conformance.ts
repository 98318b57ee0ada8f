import type { Backend } from "@datajax/core-ir";
import { describe, expect, it } from "vitest";
import { UnsupportedStageError } from "../errors/runtime-errors.js";
import { unsupportedFeatures } from "../executor/unsupported-features.js";
import type { ConformanceCase } from "./conformance-case.js";
import { conformanceCases } from "./conformance-cases.js";
import { conformanceSummaryProblems } from "./conformance-summary-problems.js";
import { runConformanceCase } from "./run-conformance-case.js";

/**
 * What one describeBackendConformance call runs. `ranks` picks the rank counts of the cases to
 * run (default: every case); `skip` maps case ids to the reason they are skipped (a reason is
 * required, and it shows in the test name); `cases` replaces the kit's cases (default: all of them).
 *
 * @example
 * const options: BackendConformanceOptions = { name: "duckdb", createBackend: () => new DuckDbBackend(), ranks: [1] };
 */
export interface BackendConformanceOptions {
  /** The backend's name in the describe title. */
  readonly name: string;
  /** Called once, before the first case runs. */
  readonly createBackend: () => Backend | Promise<Backend>;
  readonly ranks?: readonly number[];
  readonly skip?: Readonly<Record<string, string>>;
  readonly cases?: readonly ConformanceCase[];
  readonly relativeTolerance?: number;
}

/**
 * Filled in as the registered tests run (test names, see conformanceTestName): the cases whose
 * test ran at all (`ran`: cases filtered out by `vitest -t` or `.only` never do), the ones the
 * backend ran correctly, the ones it refused (its `unsupported()` reported them and running them
 * threw UnsupportedStageError), and the skipped ones. A case in `ran` but neither `supported`
 * nor `refused` failed. Read it after the tests ran: in a later test or an `afterAll`.
 *
 * @example
 * const summary = describeBackendConformance({ name: "local", createBackend: () => new LocalBackend() });
 * afterAll(() => console.log(`${summary.ran.length} ran: ${summary.supported.length} supported, ${summary.refused.length} refused`));
 */
export interface BackendConformanceSummary {
  readonly ran: string[];
  readonly supported: string[];
  readonly refused: string[];
  readonly skipped: string[];
}

/**
 * The case's id, with the rank count when it runs on several: the test name, and the entry in
 * BackendConformanceSummary.
 *
 * @example
 * conformanceTestName({ ...c, id: "exchange/shuffle-join", ranks: 4 }); // "exchange/shuffle-join @4 ranks"
 */
export const conformanceTestName = (c: ConformanceCase): string => (c.ranks && c.ranks > 1 ? `${c.id} @${c.ranks} ranks` : c.id);

/**
 * Registers the conformance kit as one vitest `describe` with one `it` per case: a backend
 * package's test file calls it once. A case whose stages the backend reports as unsupported
 * (Backend.unsupported) must instead be refused: running it must throw UnsupportedStageError
 * naming a node and a reason. A final test checks that every case whose test ran passed or was
 * refused, and (when none was filtered out) that the backend supports at least one; with
 * `vitest -t` filtering it checks only the cases that ran, and it skips itself when none did.
 *
 * @example
 * // packages/backend-foo/test/conformance.test.ts
 * import { describeBackendConformance } from "@datajax/runtime/testing";
 * import { FooBackend } from "../src/index.js";
 *
 * describeBackendConformance({ name: "foo", createBackend: () => new FooBackend(), ranks: [1, 2, 4] });
 */
export function describeBackendConformance(options: BackendConformanceOptions): BackendConformanceSummary {
  const summary: BackendConformanceSummary = { ran: [], supported: [], refused: [], skipped: [] };
  const all = options.cases ?? conformanceCases;
  const cases = options.ranks ? all.filter((c) => options.ranks!.includes(c.ranks ?? 1)) : all;
  let backend: Promise<Backend> | undefined;
  const backendOnce = () => (backend ??= Promise.resolve(options.createBackend()));
  const record = (list: string[], name: string) => {
    if (!list.includes(name)) list.push(name); // once, even when vitest retries a test
  };
  let registered = 0;
  describe(`backend conformance: ${options.name}`, () => {
    for (const c of cases) {
      const name = conformanceTestName(c);
      const skipped = options.skip?.[c.id];
      if (skipped !== undefined) {
        summary.skipped.push(name);
        it.skip(`${name} (skipped: ${skipped})`, () => {});
        continue;
      }
      registered++;
      it(name, async () => {
        record(summary.ran, name);
        const b = await backendOnce();
        const refused = unsupportedFeatures(b, c.graph);
        if (refused.length === 0) {
          await runConformanceCase(b, c, options.relativeTolerance !== undefined ? { relativeTolerance: options.relativeTolerance } : {});
          record(summary.supported, name);
          return;
        }
        for (const f of refused) {
          expect(f.node, `${b.id} reports an unsupported feature without naming the node`).not.toBe("");
          expect(f.reason, `${b.id} reports ${f.node} as unsupported without a reason`).not.toBe("");
        }
        const error = await runConformanceCase(b, c).then(
          () => undefined,
          (e: unknown) => e,
        );
        expect(error, `${b.id} reports ${refused[0]!.node} as unsupported, yet running the case did not throw UnsupportedStageError`).toBeInstanceOf(UnsupportedStageError);
        const message = (error as UnsupportedStageError).message;
        for (const f of refused) expect(message).toContain(f.node);
        record(summary.refused, name);
      });
    }
    it("summary: every case that ran passed or was refused, and some passed", (context) => {
      if (summary.ran.length === 0) context.skip("no conformance case ran (all filtered out)");
      expect(conformanceSummaryProblems(options.name, summary, registered)).toEqual([]);
    });
  });
  return summary;
}
