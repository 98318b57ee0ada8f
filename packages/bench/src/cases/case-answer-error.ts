import { DataJaxError } from "@datajax/core-ir";

/** A bench case computed an answer other than the one it knows to be right. */
export class CaseAnswerError extends DataJaxError {
  constructor(caseName: string, got: unknown, expected: unknown) {
    super("DJX_BENCH_CASE_ANSWER", `bench case ${caseName} answered ${JSON.stringify(got)}, expected ${JSON.stringify(expected)}; the engine under test computes a wrong result, fix it before timing it.`);
  }
}
