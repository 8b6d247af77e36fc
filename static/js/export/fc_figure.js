// The FC twin as a standalone figure: the matrix M on the flattened input, the
// x vector above it, y and b to its right, W's copies outlined. The same
// picture as the page's canvas (views/matrix_canvas.js), written as SVG.

import { fill, ink, limitOf } from "../colors.js";
import { count, num } from "../format.js";
import { t } from "../i18n.js";
import { MUTED, box } from "./layout.js";
import { figureDocument } from "./cells.js";
import { tag, text } from "./svg.js";
import { blocksOf } from "../views/fc_twin.js";

const STRUCTURAL_ZERO = "#e4e3ec";
const OUTLINE = "#8f8aa8";
const LABEL_LIMIT = 24; // name every row and column up to this many, as the page does
const WIDTH = 1300; // the matrix and its vectors fill about this many px

const flatLabel = (pixel, channel, width, name) => `${name}[${Math.floor(pixel / width)}, ${pixel % width}, ${channel}]`;

/** Coloured cells of cw × ch px (with numbers when they fit) for `cells` = [[row, col, value]], and white lines between. */
function squares(x0, y0, [cw, ch], cells, limit, rows, cols) {
  const parts = cells.map(([r, c, v]) => tag("rect", { x: x0 + c * cw, y: y0 + r * ch, width: cw, height: ch, fill: fill(v, limit) }));
  if (Math.min(cw, ch) >= 22) {
    const size = Math.min(13, cw * 0.42);
    for (const [r, c, v] of cells) parts.push(text(x0 + (c + 0.5) * cw, y0 + (r + 0.5) * ch + size * 0.36, num(v), { "font-size": size, "text-anchor": "middle", fill: ink(v, limit) }));
  }
  if (Math.min(cw, ch) >= 6) {
    let d = "";
    for (let r = 1; r < rows; r += 1) d += `M${x0} ${y0 + r * ch}h${cols * cw}`;
    for (let c = 1; c < cols; c += 1) d += `M${x0 + c * cw} ${y0}v${rows * ch}`;
    if (d) parts.push(tag("path", { d, stroke: "#ffffff", "stroke-opacity": 0.9, "stroke-width": 1, fill: "none" }));
  }
  return parts.join("");
}

function matrixBox(data) {
  const fc = data.fc;
  const [rows, cols] = fc.shape;
  const labelled = rows <= LABEL_LIMIT && cols <= LABEL_LIMIT;
  const cell = Math.max(4, Math.min(32, Math.floor(WIDTH / (cols + 4))));
  const left = labelled ? 100 : 48;
  const strip = Math.max(cell, 16); // the x, y and b vectors stay wide enough to see and to label
  const matrixTop = Math.max(2 * strip, strip + 18);
  const bottom = labelled ? 110 : 50;
  const yColumn = left + cols * cell + strip;
  const bColumn = yColumn + 2 * strip;
  const width = bColumn + strip;
  const height = matrixTop + rows * cell + bottom;
  const limitW = limitOf(data.weight);
  const { row, col, value } = fc.entries;
  const label = { "font-size": 13, fill: MUTED };
  const step = (n) => (labelled ? 1 : Math.max(1, Math.ceil(n / 8)));

  return box(width, height, (x, y) => {
    const mx = x + left;
    const my = y + matrixTop;
    const below = my + rows * cell + 6;
    const parts = [
      tag("rect", { x: mx, y: my, width: cols * cell, height: rows * cell, fill: STRUCTURAL_ZERO }),
      `<g id="matrix">${squares(mx, my, [cell, cell], row.map((r, k) => [r, col[k], value[k]]), limitW, rows, cols)}</g>`,
      `<g id="x">${squares(mx, y, [cell, strip], fc.x_flat.map((v, c) => [0, c, v]), limitOf(fc.x_flat), 1, cols)}</g>`,
      `<g id="y">${squares(x + yColumn, my, [strip, cell], fc.out.map((v, r) => [r, 0, v]), limitOf(fc.out), rows, 1)}</g>`,
      `<g id="b">${squares(x + bColumn, my, [strip, cell], fc.bias.map((v, r) => [r, 0, v]), limitW, rows, 1)}</g>`,
    ];
    const outline = (x1, y1, w1, h1, extra = {}) => tag("rect", { x: x1, y: y1, width: w1, height: h1, fill: "none", stroke: OUTLINE, "stroke-width": 1, ...extra });
    const blocks = blocksOf(data);
    if (blocks.length <= 256) for (const [r0, c0, r1, c1] of blocks) parts.push(outline(mx + c0 * cell, my + r0 * cell, (c1 - c0) * cell, (r1 - r0) * cell));
    parts.push(
      outline(mx, my, cols * cell, rows * cell, { "stroke-width": 1.5 }),
      outline(mx, y, cols * cell, strip),
      outline(x + yColumn, my, strip, rows * cell),
      outline(x + bColumn, my, strip, rows * cell),
      text(mx - 8, y + strip / 2 + 5, t("fc.strip_x"), { ...label, "text-anchor": "end", "font-weight": 700 }),
      text(x + yColumn + strip / 2, below + 13, t("fc.strip_y"), { ...label, "text-anchor": "middle", "font-weight": 700 }),
      text(x + bColumn + strip / 2, below + 13, t("fc.strip_b"), { ...label, "text-anchor": "middle", "font-weight": 700 }),
    );
    for (let r = 0; r < rows; r += step(rows)) {
      const name = labelled ? flatLabel(fc.row_pixel[r], fc.row_channel[r], data.shape.w, "y") : String(r);
      parts.push(text(mx - 8, my + (r + 0.5) * cell + 4.5, name, { ...label, "font-size": labelled ? 12 : 13, "text-anchor": "end" }));
    }
    for (let c = 0; c < cols; c += step(cols)) {
      const cx = mx + (c + 0.5) * cell;
      if (labelled) {
        const name = flatLabel(fc.col_pixel[c], fc.col_channel[c], data.shape.w, "x");
        parts.push(text(cx + 4, below, name, { ...label, "font-size": 12, "text-anchor": "end", transform: `rotate(-60 ${cx + 4} ${below})` }));
      } else {
        parts.push(text(cx, below + 13, String(c), { ...label, "text-anchor": "middle" }));
      }
    }
    parts.push(text(mx + (cols * cell) / 2, y + height - 8, t("fc.axis_in", { n: cols }), { ...label, "text-anchor": "middle", "font-size": 14 }));
    return parts.join("");
  });
}

/** { svg, width, height, name } of the FC matrix for one answer of /api/mixer. */
export function fcFigure(data) {
  const [rows, cols] = data.fc.shape;
  const { h, w, cin, cout } = data.shape;
  const order = data.fc.order;
  const figure = figureDocument({
    title: t("fc.matrix_title", { rows, cols }),
    subtitles: [
      `${t(data.activation === "relu" ? "export.fc.formula_relu" : "export.fc.formula")} · ${t(order === "hwc" ? "fc.order.hwc" : "fc.order.chw")}`,
      t("export.fc.zeros", { nonzero: count(data.fc.entries.row.length), total: count(rows * cols), cout, cin }),
    ],
    body: matrixBox(data),
  });
  return { ...figure, name: `one-by-one-fc-matrix-${rows}x${cols}-${order}-from-${h}x${w}x${cin}-to-${cout}` };
}
