// The pieces every exported grid figure shares: coloured number cells as the
// page draws them (same colour scale, same number format), a titled channel
// card, the colour key, and the frame with title and subtitle.

import { fill, ink } from "../colors.js";
import { num } from "../format.js";
import { t } from "../i18n.js";
import { ACCENT, MUTED, box, column, pad, row, textBox } from "./layout.js";
import { svgDocument, tag, text } from "./svg.js";

const BORDER = "#b9b6c9";
const WRONG = "#b00020";
const GAP = 4;

/**
 * A rows × cols grid of number cells. `at(r, c)` gives `{ value, limit }` and
 * optionally `kind`: "pad" (SAME's zero padding, dashed), "wrong" (red border),
 * "no-crop" (dashed red), "bias" (double weight border).
 */
export function cellGrid(rows, cols, at, { cell = 40 } = {}) {
  const size = cell * 0.4;
  const width = cols * cell + (cols - 1) * GAP;
  const height = rows * cell + (rows - 1) * GAP;
  return box(width, height, (x0, y0) => {
    const parts = [];
    for (let r = 0; r < rows; r += 1) {
      for (let c = 0; c < cols; c += 1) {
        const { value, limit, kind } = at(r, c);
        const x = x0 + c * (cell + GAP);
        const y = y0 + r * (cell + GAP);
        const pale = kind === "pad";
        const stroke = kind === "wrong" || kind === "no-crop" ? WRONG : pale ? "#8a86a0" : BORDER;
        parts.push(
          tag("rect", {
            x: x + 0.5,
            y: y + 0.5,
            width: cell - 1,
            height: cell - 1,
            rx: 5,
            fill: pale ? "#ffffff" : fill(value, limit),
            stroke,
            "stroke-width": kind === "wrong" || kind === "no-crop" || kind === "bias" ? 2.5 : 1,
            "stroke-dasharray": pale || kind === "no-crop" ? "4 3" : null,
          }),
          text(x + cell / 2, y + cell / 2 + size * 0.36, num(value), {
            "font-size": size,
            "text-anchor": "middle",
            fill: pale ? "#6b6880" : ink(value, limit),
          }),
        );
        if (kind === "wrong") parts.push(text(x + cell - 2.5, y + 9.5, "\u2717", { "font-size": 9, "text-anchor": "end", fill: WRONG }));
      }
    }
    return parts.join("");
  });
}

/** A channel's grid under its small muted title ("channel 0"). */
export function channelCard(title, grid) {
  return column([textBox(title, { size: 13, fill: MUTED }), grid], { gap: 3 });
}

/** A block of the figure: bold title, muted caption, then its content. */
export function block(title, caption, content) {
  return column([column([textBox(title, { size: 17, bold: true }), caption ? textBox(caption, { size: 13, fill: MUTED }) : null], { gap: 2 }), content], { gap: 10 });
}

/** The colour key: negative, a gradient through 0, positive (the page's PuOr scale). */
export function legendBox() {
  const label = (key) => textBox(t(key), { size: 13, fill: MUTED });
  const bar = box(160, 14, (x, y) => {
    const stops = [-1, -0.5, 0, 0.5, 1].map((v, k) => tag("stop", { offset: `${k * 25}%`, "stop-color": fill(v, 1) }));
    return (
      tag("defs", {}, tag("linearGradient", { id: "legend-scale", x1: 0, x2: 1, y1: 0, y2: 0 }, stops)) +
      tag("rect", { x, y, width: 160, height: 14, rx: 3, fill: "url(#legend-scale)", stroke: BORDER })
    );
  });
  return row([label("mixer.legend.negative"), bar, label("mixer.legend.positive")], { gap: 8, align: "center" });
}

/**
 * The whole figure: title, subtitle lines, the body, and a footer with the
 * colour key (when the figure has coloured cells) and the site's name.
 */
export function figureDocument({ title, subtitles = [], body, legend = true }) {
  const head = column([textBox(title, { size: 24, bold: true, fill: ACCENT }), ...subtitles.map((line) => textBox(line, { size: 15, fill: MUTED }))], { gap: 4 });
  const credit = textBox(t("site.title"), { size: 12, fill: MUTED });
  const inner = column([head, body], { gap: 22 });
  const footerWidth = Math.max(inner.width, (legend ? legendBox().width : 0) + credit.width + 40);
  const footer = box(footerWidth, 20, (x, y) => (legend ? legendBox().draw(x, y) : "") + credit.draw(x + footerWidth - credit.width, y + 2));
  const figure = pad(column([inner, footer], { gap: 26 }), { top: 28, right: 32, bottom: 24, left: 32 });
  return { svg: svgDocument({ width: figure.width, height: figure.height, title, body: figure.draw(0, 0) }), width: Math.ceil(figure.width), height: Math.ceil(figure.height) };
}

/** An arrow between two blocks, level with the middle of the first channel grid (`gridHeight` px tall) of a block. */
export function arrowBetween(gridHeight) {
  const gridTop = block("x", "x", channelCard("x", box(0, 0))).height; // title, caption, channel title above the grid
  const middle = gridTop + gridHeight / 2;
  return box(30, 2 * middle, (x, y) => text(x + 15, y + middle + 9, "\u2192", { "font-size": 28, fill: MUTED, "text-anchor": "middle" }));
}
