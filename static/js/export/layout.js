// Boxes for laying out an exported figure without a DOM: a box knows its size
// and draws itself at (x, y) as an SVG string. Rows and columns of boxes make
// the figure, the way flexbox makes the page.

import { text, textWidth } from "./svg.js";

export const INK = "#16161d";
export const MUTED = "#4a4a57";
export const ACCENT = "#2d1e5e";

/** A box of a given size that draws `draw(x, y)`. */
export function box(width, height, draw = () => "") {
  return { width, height, draw };
}

/** A line of text: `size` px, optional bold and colour. */
export function textBox(content, { size = 14, bold = false, fill = INK, anchor = "start" } = {}) {
  const width = textWidth(content, size, { bold });
  const attrs = { "font-size": size, "font-weight": bold ? 700 : null, fill, "text-anchor": anchor === "start" ? null : anchor };
  const dx = { start: 0, middle: width / 2, end: width }[anchor];
  return box(width, Math.ceil(size * 1.35), (x, y) => text(x + dx, y + size, content, attrs));
}

function along(boxes, { gap, align, main }) {
  const cross = main === "width" ? "height" : "width";
  const items = boxes.filter(Boolean);
  const size = items.reduce((sum, b) => sum + b[main], 0) + gap * Math.max(0, items.length - 1);
  const span = Math.max(0, ...items.map((b) => b[cross]));
  const draw = (x, y) => {
    let at = 0;
    return items
      .map((b) => {
        const offset = { start: 0, center: (span - b[cross]) / 2, end: span - b[cross] }[align];
        const out = main === "width" ? b.draw(x + at, y + offset) : b.draw(x + offset, y + at);
        at += b[main] + gap;
        return out;
      })
      .join("");
  };
  return main === "width" ? box(size, span, draw) : box(span, size, draw);
}

/** Boxes side by side (falsy entries skipped). */
export function row(boxes, { gap = 16, align = "start" } = {}) {
  return along(boxes, { gap, align, main: "width" });
}

/** Boxes one under the other (falsy entries skipped). */
export function column(boxes, { gap = 8, align = "start" } = {}) {
  return along(boxes, { gap, align, main: "height" });
}

/** Empty room around a box. */
export function pad(inner, { top = 0, right = 0, bottom = 0, left = 0 }) {
  return box(inner.width + left + right, inner.height + top + bottom, (x, y) => inner.draw(x + left, y + top));
}

/**
 * Cards in columns of at most `perColumn`, filled top to bottom: the page's
 * channel stacks, folded so that many channels do not make a very tall figure.
 */
export function foldColumns(cards, perColumn, { gap = 12 } = {}) {
  const columns = [];
  for (let k = 0; k < cards.length; k += perColumn) columns.push(column(cards.slice(k, k + perColumn), { gap }));
  return row(columns, { gap: gap * 1.5 });
}

/** How many cards of height `height` to stack per column: about as many columns as rows, at least `minHeight` px tall. */
export function perColumnFor(count, height, { gap = 12, minHeight = 620 } = {}) {
  const target = Math.max(minHeight, (height + gap) * Math.ceil(Math.sqrt(count)));
  return Math.max(1, Math.min(count, Math.floor((target + gap) / (height + gap))));
}

// One Chinese character with the closing punctuation after it (which may not begin a
// line), or a run of anything else: the places a line may break inside a word.
const BREAKABLE = /[\u2e80-\u9fff\uf900-\ufaff\uff00-\uff60][\u3001\u3002\u300d\u300f\u201d\uff01\uff09\uff0c\uff1a\uff1b\uff1f]*|[^\u2e80-\u9fff\uf900-\ufaff\uff00-\uff60]+/g;

/** Text wrapped into lines of at most `maxWidth` px (by the same rough measure as textBox):
 *  between words, and in Chinese, which has no spaces, between characters. */
export function paragraph(content, { size = 14, maxWidth = 900, fill = INK } = {}) {
  const lines = [];
  let line = "";
  for (const word of String(content).split(/\s+/).filter(Boolean)) {
    word.match(BREAKABLE).forEach((piece, k) => {
      const next = line ? `${line}${k === 0 ? " " : ""}${piece}` : piece;
      if (line && textWidth(next, size) > maxWidth) {
        lines.push(line);
        line = piece;
      } else {
        line = next;
      }
    });
  }
  if (line) lines.push(line);
  return column(lines.map((l) => textBox(l, { size, fill })), { gap: 0 });
}

/** A box drawn inside <g id="…">, so that the parts of a figure can be found and edited (Inkscape, tests). */
export function group(id, inner) {
  return box(inner.width, inner.height, (x, y) => `<g id="${id}">${inner.draw(x, y)}</g>`);
}
