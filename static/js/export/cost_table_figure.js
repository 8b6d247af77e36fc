// The cost table as a standalone SVG table: paths A and B layer by layer with
// their output, weights, biases and multiply-adds, the totals, and the verdict.
// Counts are the server's exact integers, formatted as the page formats them.

import { count } from "../format.js";
import { t } from "../i18n.js";
import { describeLayer, short, times } from "../views/cost_table.js";
import { INK, MUTED, box, column, group, paragraph } from "./layout.js";
import { figureDocument } from "./cells.js";
import { tag, text, textWidth } from "./svg.js";

const COLUMNS = ["path", "layer", "output", "weights", "biases", "macs_per_position", "macs"];
const NUMBERS = new Set(["weights", "biases", "macs_per_position", "macs"]);
const PATH_COLOUR = { a: "#5e3c99", b: "#e66101" }; // the charts' colours for A and B
const SIZE = 15;
const ROW = 46; // an exact count and its short form beneath
const PAD = 14;

const shape = (dims) => dims.map((d) => count(d)).join("×");

/** A table cell's lines: [main text, short form or ""]. */
function numberLines(value) {
  if (value === null || value === undefined) return ["\u2014", ""];
  return [count(value), short(value) ?? ""];
}

/** Rows of the table: { path, total, cells: { column: [main, short] } }. */
function tableRows(data) {
  const rows = [];
  for (const path of ["a", "b"]) {
    const { layers, totals, output } = data.paths[path];
    layers.forEach((layer, n) => {
      rows.push({
        path,
        total: false,
        cells: {
          path: [n === 0 ? t(`cost.path.${path}.short`) : "", ""],
          layer: [describeLayer(layer), ""],
          output: [shape(layer.out), ""],
          ...Object.fromEntries([...NUMBERS].map((key) => [key, numberLines(layer[key])])),
        },
      });
    });
    rows.push({
      path,
      total: true,
      cells: {
        path: ["", ""],
        layer: [t("cost.results.total", { path: t(`cost.path.${path}.short`) }), ""],
        output: [shape(output), ""],
        ...Object.fromEntries([...NUMBERS].map((key) => [key, numberLines(totals[key])])),
      },
    });
  }
  return rows;
}

function tableBox(data) {
  const rows = tableRows(data);
  const headers = COLUMNS.map((c) => t(`cost.col.${c}`));
  const widths = COLUMNS.map((c, k) => Math.max(textWidth(headers[k], 14, { bold: true }), ...rows.map((r) => textWidth(r.cells[c][0], SIZE, { bold: r.total }))) + 2 * PAD);
  const width = widths.reduce((a, b) => a + b, 0);
  const headHeight = 36;
  const height = headHeight + rows.length * ROW;
  return box(width, height, (x, y) => {
    const lefts = widths.map((_, k) => x + widths.slice(0, k).reduce((a, b) => a + b, 0));
    const cellX = (k, column) => (NUMBERS.has(column) ? lefts[k] + widths[k] - PAD : lefts[k] + PAD);
    const anchor = (column) => (NUMBERS.has(column) ? "end" : null);
    const parts = [tag("rect", { x, y, width, height: headHeight, fill: "#f4f3f8" })];
    COLUMNS.forEach((column, k) => parts.push(text(cellX(k, column), y + 23, headers[k], { "font-size": 14, "font-weight": 700, fill: INK, "text-anchor": anchor(column) })));
    parts.push(tag("path", { d: `M${x} ${y + headHeight}h${width}`, stroke: INK, "stroke-width": 1.5 }));
    rows.forEach((r, n) => {
      const top = y + headHeight + n * ROW;
      if (r.total) parts.push(tag("rect", { x, y: top, width, height: ROW, fill: "#faf9fc" }));
      parts.push(tag("rect", { x, y: top, width: 5, height: ROW, fill: PATH_COLOUR[r.path] }));
      COLUMNS.forEach((column, k) => {
        const [main, short] = r.cells[column];
        const attrs = { "font-size": SIZE, fill: INK, "text-anchor": anchor(column), "font-weight": r.total || column === "path" ? 700 : null };
        parts.push(text(cellX(k, column), top + (short ? 21 : 28), main, attrs));
        if (short) parts.push(text(cellX(k, column), top + 38, short, { "font-size": 12, fill: MUTED, "text-anchor": anchor(column) }));
      });
      const last = n === rows.length - 1 || rows[n + 1].path !== r.path;
      parts.push(tag("path", { d: `M${x} ${top + ROW}h${width}`, stroke: last ? INK : "#d5d3e0", "stroke-width": last ? 1.5 : 1 }));
    });
    return parts.join("");
  });
}

/** { svg, width, height, name } of the cost table for one answer of /api/cost. */
export function costTableFigure(data) {
  const { a, b } = data.paths;
  const table = tableBox(data);
  const subtitles = [
    t("cost.results.caption", { input: shape(data.input) }),
    t("cost.verdict.macs", { times: times(data.ratio.macs), a: count(a.totals.macs), b: count(b.totals.macs) }),
    t("cost.verdict.params", { times: times(data.ratio.params), a: count(a.totals.params), b: count(b.totals.params) }),
  ];
  if (!data.same_output) subtitles.push(t("cost.results.different", { a: shape(a.output), b: shape(b.output) }));
  const note = paragraph(t("cost.results.note"), { size: 13, maxWidth: Math.max(640, table.width), fill: MUTED });
  const figure = figureDocument({ title: t("cost.results.heading"), subtitles, body: column([group("table", table), note], { gap: 16 }), legend: false });
  return { ...figure, name: `one-by-one-cost-table-${data.input.join("x")}` };
}
