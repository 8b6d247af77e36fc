// The digits view as a standalone figure: the strip's ink counts as the network reads
// them (0 to 16 per cell), and under each window position's centre what the FC head,
// slid as convolutions, reads there.

import { diff } from "../format.js";
import { t } from "../i18n.js";
import { ACCENT, MUTED, box, column, group } from "./layout.js";
import { block, figureDocument } from "./cells.js";
import { tag, text } from "./svg.js";

const CELL = 26;

function stripBox(strip) {
  const rows = strip.length;
  const columns = strip[0].length;
  return box(columns * CELL, rows * CELL, (x0, y0) => {
    const parts = [];
    for (let i = 0; i < rows; i += 1) {
      for (let j = 0; j < columns; j += 1) {
        const count = strip[i][j];
        const x = x0 + j * CELL;
        const y = y0 + i * CELL;
        parts.push(tag("rect", { x, y, width: CELL, height: CELL, fill: "#ffffff", stroke: "#d5d3e0" }));
        if (count) parts.push(tag("rect", { x: x + 0.5, y: y + 0.5, width: CELL - 1, height: CELL - 1, fill: ACCENT, "fill-opacity": (0.1 + (0.8 * count) / 16).toFixed(3) }));
        if (count) parts.push(text(x + CELL / 2, y + CELL / 2 + 4, String(count), { "font-size": 11, "text-anchor": "middle", fill: count > 8 ? "#ffffff" : "#16161d" }));
      }
    }
    return parts.join("");
  });
}

function mapBox(data) {
  const { window, stride, none, positions } = data.shape;
  return box(data.shape.columns * CELL, 2 * CELL, (x0, y0) => {
    const parts = [];
    for (let j = 0; j < positions; j += 1) {
      const x = x0 + (j * stride + window / 2) * CELL;
      const winner = data.winners[j];
      parts.push(tag("line", { x1: x, y1: y0, x2: x, y2: y0 + 8, stroke: MUTED }));
      parts.push(text(x, y0 + 30, winner === none ? "·" : String(winner), { "font-size": 20, "font-weight": winner === none ? null : 700, "text-anchor": "middle", fill: winner === none ? MUTED : ACCENT }));
    }
    return parts.join("");
  });
}

/** { svg, width, height, name } of the strip and its score map for one answer of /api/digits. */
export function digitsFigure(data) {
  const { rows, columns, positions, stride, window } = data.shape;
  const subtitles = [
    t("export.digits.subtitle", { positions, stride, window, diff: diff(data.max_abs_diff) }),
  ];
  const body = column(
    [
      block(t("export.digits.strip", { rows, columns }), null, group("strip", stripBox(data.strip))),
      block(t("export.digits.map"), null, group("map", mapBox(data))),
    ],
    { gap: 18 },
  );
  const figure = figureDocument({ title: t("digits.heading"), subtitles, body, legend: false });
  return { ...figure, name: `one-by-one-digits-${positions}-positions-stride-${stride}` };
}
