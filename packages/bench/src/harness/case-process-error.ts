import { DataJaxError } from "@datajax/core-ir";

/** A bench case's process could not start, failed, or printed no report. */
export class CaseProcessError extends DataJaxError {
  constructor(caseName: string, problem: string) {
    super("DJX_BENCH_CASE_PROCESS", `bench case ${caseName} ${problem}; its own error is printed above (stderr). Run it alone with --cases ${caseName} --engines hand-written to see it.`);
  }
}
