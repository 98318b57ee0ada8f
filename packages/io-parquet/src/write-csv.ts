import * as arrow from "apache-arrow";
import { writeFileAtomically } from "./atomic-write.js";
import { recordBatchesOf, type RecordBatchInput } from "./record-batch-input.js";

/** A field as CSV: quoted when it holds the delimiter, a quote or a newline (quotes doubled); null as the empty field. */
function csvField(v: unknown, delimiter: string): string {
  if (v === null || v === undefined) return "";
  const s = v instanceof Date ? v.toISOString() : typeof v === "bigint" ? v.toString() : String(v);
  return s.includes(delimiter) || s.includes('"') || s.includes("\n") || s.includes("\r") || s === "" ? `"${s.replace(/"/g, '""')}"` : s;
}

/**
 * Writes record batches as CSV with a header row, atomically (temp file, fsync, rename). Fields
 * holding the delimiter, a quote or a newline are quoted; null is the empty field, dates are ISO
 * strings. `delimiter` defaults to ",". Failures are AtomicWriteError.
 *
 * @example
 * ```ts
 * import { tableFromArrays } from "apache-arrow";
 * import { writeCsv } from "@datajax/io-parquet";
 * const zones = tableFromArrays({ zone: Int32Array.from([7, 12]), name: ["Midtown", "Harlem"] });
 * await writeCsv(zones, "out/zones.tsv", { delimiter: "\t" });
 * ```
 */
export async function writeCsv(input: RecordBatchInput, path: string, options: { readonly delimiter?: string } = {}): Promise<void> {
  const d = options.delimiter ?? ",";
  await writeFileAtomically(path, async (file) => {
    let header = false;
    for await (const batch of recordBatchesOf(input)) {
      const names = batch.schema.fields.map((f) => f.name);
      if (!header) { await file.write(`${names.map((n) => csvField(n, d)).join(d)}\n`); header = true; }
      const columns = names.map((_n, i) => batch.getChildAt(i)!);
      const lines: string[] = [];
      for (let r = 0; r < batch.numRows; r++) lines.push(columns.map((c) => csvField(c.get(r), d)).join(d));
      if (lines.length > 0) await file.write(`${lines.join("\n")}\n`);
    }
    if (!header && input instanceof arrow.Table) await file.write(`${input.schema.fields.map((f) => csvField(f.name, d)).join(d)}\n`);
  });
}
