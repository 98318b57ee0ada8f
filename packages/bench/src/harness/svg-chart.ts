import type { BenchReport } from "./report.js";

/** Colours by engine position (the report's engine order), cycling past the end. */
const PALETTE = ["#7f7f7f", "#bcbd22", "#1f77b4", "#d62728", "#ff7f0e", "#2ca02c", "#17becf", "#9467bd", "#8c564b", "#e377c2"];

const LABEL_WIDTH = 190;
const BAR_AREA = 560;
const VALUE_WIDTH = 90;
const BAR_HEIGHT = 14;
const BAR_GAP = 4;
const TITLE_HEIGHT = 26;
const PANEL_GAP = 14;

const escapeXml = (text: string) => text.replaceAll("&", "&amp;").replaceAll("<", "&lt;").replaceAll(">", "&gt;").replaceAll('"', "&quot;");
const seconds = (ms: number) => (ms >= 100 ? `${(ms / 1000).toFixed(2)} s` : `${(ms / 1000).toFixed(3)} s`);

/**
 * A horizontal bar chart of the report as a standalone SVG document: one panel per query, one bar
 * per engine (median query time, scaled to the slowest engine of that query, value printed at the
 * bar's end). Plain SVG text, no dependency.
 */
export function svgChart(r: BenchReport): string {
  const queries = r.engines[0]?.queries.map((q) => q.query) ?? [];
  const width = LABEL_WIDTH + BAR_AREA + VALUE_WIDTH + 20;
  const parts: string[] = [];
  let y = 40;
  for (const query of queries) {
    const times = r.engines.map((e) => e.queries.find((q) => q.query === query)?.medianMs);
    const slowest = Math.max(...times.map((t) => t ?? 0));
    parts.push(`<text x="10" y="${y + 16}" font-weight="bold">${escapeXml(query)}</text>`);
    y += TITLE_HEIGHT;
    r.engines.forEach((e, i) => {
      const t = times[i];
      const length = t === undefined || slowest <= 0 ? 0 : Math.max(1, (t / slowest) * BAR_AREA);
      parts.push(
        `<text x="${LABEL_WIDTH - 8}" y="${y + BAR_HEIGHT - 3}" text-anchor="end">${escapeXml(e.engine)}</text>`,
        `<rect x="${LABEL_WIDTH}" y="${y}" width="${length.toFixed(1)}" height="${BAR_HEIGHT}" fill="${PALETTE[i % PALETTE.length]}"><title>${escapeXml(`${e.engine}, ${query}: ${t === undefined ? "not run" : seconds(t)}`)}</title></rect>`,
        `<text x="${(LABEL_WIDTH + length + 6).toFixed(1)}" y="${y + BAR_HEIGHT - 3}">${t === undefined ? "—" : seconds(t)}</text>`,
      );
      y += BAR_HEIGHT + BAR_GAP;
    });
    y += PANEL_GAP;
  }
  const title = `Median query time, ${r.rows.toLocaleString("en-US")} taxi rows in memory (shorter is faster)`;
  const footer = `${r.machine}; ${r.date}; median of ${r.runs} runs`;
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${y + 30}" viewBox="0 0 ${width} ${y + 30}" font-family="sans-serif" font-size="12" role="img">`,
    `<title>${escapeXml(title)}</title>`,
    `<rect width="100%" height="100%" fill="#ffffff"/>`,
    `<text x="10" y="22" font-size="15" font-weight="bold">${escapeXml(title)}</text>`,
    ...parts,
    `<text x="10" y="${y + 14}" fill="#555555">${escapeXml(footer)}</text>`,
    "</svg>",
    "",
  ].join("\n");
}
