import type { Backend } from "@datajax/core-ir";
import { describe, expect, it } from "vitest";
import { UnsupportedStageError } from "../errors/runtime-errors.js";
import { unsupportedFeatures } from "../executor/unsupported-features.js";
import type { ConformanceCase } from "./conformance-case.js";
import { conformanceCases } from "./conformance-cases.js";
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
 * Filled in as the registered tests run: the ids of the cases the backend ran correctly, the
 * ones it refused (its `unsupported()` reported them and running them threw UnsupportedStageError),
 * and the skipped ones.
 *
 * @example
 * const summary = describeBackendConformance({ name: "local", createBackend: () => new LocalBackend() });
 * afterAll(() => console.log(`${summary.supported.length} supported, ${summary.refused.length} refused`));
 */
export interface BackendConformanceSummary {
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
 * naming a node and a reason. A final test checks that every case was run or refused and that
 * the backend supports at least one.
 *
 * @example
 * // packages/backend-foo/test/conformance.test.ts
 * import { describeBackendConformance } from "@datajax/runtime/testing";
 * import { FooBackend } from "../src/index.js";
 *
 * describeBackendConformance({ name: "foo", createBackend: () => new FooBackend(), ranks: [1, 2, 4] });
 */
export function describeBackendConformance(options: BackendConformanceOptions): BackendConformanceSummary {
  const summary: BackendConformanceSummary = { supported: [], refused: [], skipped: [] };
  const all = options.cases ?? conformanceCases;
  const cases = options.ranks ? all.filter((c) => options.ranks!.includes(c.ranks ?? 1)) : all;
  let backend: Promise<Backend> | undefined;
  const backendOnce = () => (backend ??= Promise.resolve(options.createBackend()));
  describe(`backend conformance: ${options.name}`, () => {
    for (const c of cases) {
      const name = conformanceTestName(c);
      const skipped = options.skip?.[c.id];
      if (skipped !== undefined) {
        summary.skipped.push(name);
        it.skip(`${name} (skipped: ${skipped})`, () => {});
        continue;
      }
      it(name, async () => {
        const b = await backendOnce();
        const refused = unsupportedFeatures(b, c.graph);
        if (refused.length === 0) {
          await runConformanceCase(b, c, options.relativeTolerance !== undefined ? { relativeTolerance: options.relativeTolerance } : {});
          summary.supported.push(name);
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
        summary.refused.push(name);
      });
    }
    it("summary: every case ran or was refused, and some ran", () => {
      const accounted = summary.supported.length + summary.refused.length + summary.skipped.length;
      expect(accounted, `cases that neither passed nor were refused (see the failures above); supported ${summary.supported.length}, refused ${summary.refused.length}, skipped ${summary.skipped.length}`).toBe(cases.length);
      expect(summary.supported.length, `${options.name} supports none of the conformance cases`).toBeGreaterThan(0);
    });
  });
  return summary;
}
