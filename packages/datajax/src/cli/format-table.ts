import type { Table } from "apache-arrow";

function cell(v: unknown): string {
  if (v === null || v === undefined) return "null";
  if (typeof v === "number") return Number.isInteger(v) ? String(v) : v.toPrecision(6).replace(/\.?0+$/, "");
  if (typeof v === "bigint") return v.toString();
  if (v instanceof Date) return v.toISOString();
  return String(v);
}

/** The first `limit` rows of a table as aligned text, with the row count under it. */
export function formatTable(table: Table, limit = 10): string {
  const names = table.schema.fields.map((f) => f.name);
  const rows: string[][] = [];
  for (let i = 0; i < Math.min(limit, table.numRows); i++) {
    const row = table.get(i) as Record<string, unknown> | null;
    rows.push(names.map((n) => cell(row?.[n])));
  }
  const widths = names.map((n, j) => Math.max(n.length, ...rows.map((r) => r[j]!.length)));
  const line = (r: string[]) => r.map((c, j) => c.padStart(widths[j]!)).join("  ");
  return [line(names), widths.map((w) => "-".repeat(w)).join("  "), ...rows.map(line), `(${table.numRows.toLocaleString("en-US")} rows${table.numRows > limit ? `, first ${limit} shown` : ""})`].join("\n");
}
