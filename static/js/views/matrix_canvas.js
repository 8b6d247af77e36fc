// The FC matrix drawn on a canvas: the matrix M, the x vector above it, the y
// and b vectors to its right, block outlines, and a second canvas on top for
// highlights so that a hover never repaints the matrix. Plotly's heatmap took
// 36-260 ms per edit here (it redraws axes and decorations on every data
// change); this takes a few ms at 512×512.

import { fill, ink } from "../colors.js";
import { num } from "../format.js";

// Colours follow the page's theme (its CSS variables). They are read once per theme
// and presentation mode: reading computed style in the middle of a redraw forced a
// style recalculation of the whole page on every edit (~2 ms, measured).
const themeColours = new Map();
function themeKeyNow() {
  const root = document.documentElement;
  return `${root.dataset.theme}|${root.className}`;
}
let themeKey = "";
function themed(name) {
  const root = document.documentElement;
  const key = themeKeyNow();
  if (key !== themeKey) {
    themeColours.clear();
    themeKey = key;
  }
  if (!themeColours.has(name)) themeColours.set(name, window.getComputedStyle(root).getPropertyValue(name).trim());
  return themeColours.get(name);
}
// Chinese and Korean labels fall to the CJK faces (the page's font stack, as canvas text cannot use lang).
const FONT = '"Noto Sans", system-ui, "Noto Sans CJK SC", "Noto Sans CJK KR", sans-serif';

/** Geometry of the figure in CSS pixels for a matrix of rows × cols, as wide as `width` at most
 * and, given a `height`, as tall at most; `font` is the labels' size in px (13 on a page; larger on
 * a projector, where the margins for the labels grow with it). */
export function geometry(rows, cols, width, { labelled, height = Infinity, font = 13 }) {
  const scale = font / 13;
  const left = (labelled ? 84 : 40) * scale;
  const bottom = (labelled ? 78 : 34) * scale;
  const top = 4;
  const gap = 16 * scale; // room between the x strip and the first row label
  const byWidth = (width - left - 8) / (cols + 4);
  const byHeight = Math.min((height - top - bottom) / (rows + 2), (height - top - bottom - gap) / (rows + 1));
  const cell = Math.max(0.5, Math.min(34 * scale, byWidth, byHeight));
  const matrixTop = top + Math.max(2 * cell, cell + gap);
  return {
    cell,
    font,
    left,
    top,
    matrixTop,
    width: Math.round(left + (cols + 4) * cell + 8),
    height: Math.round(matrixTop + rows * cell + bottom),
    stripY: top, // the x vector's row
    yColumn: left + (cols + 1) * cell, // the y vector's column
    bColumn: left + (cols + 3) * cell, // the b vector's column
  };
}

/** The labels' size the stylesheet asks of a figure's element (--label-size, a registered length), in px. */
export function labelSizeOf(element) {
  return parseFloat(window.getComputedStyle(element).getPropertyValue("--label-size")) || 13;
}

/** Which part of the figure a point (CSS px, relative to the canvas) is on. */
export function hitTest(g, rows, cols, px, py) {
  const col = Math.floor((px - g.left) / g.cell);
  const row = Math.floor((py - g.matrixTop) / g.cell);
  if (row >= 0 && row < rows && col >= 0 && col < cols) return { part: "matrix", row, col };
  if (py >= g.stripY && py < g.stripY + g.cell && col >= 0 && col < cols) return { part: "x", col };
  if (row >= 0 && row < rows && px >= g.yColumn && px < g.yColumn + g.cell) return { part: "y", row };
  if (row >= 0 && row < rows && px >= g.bColumn && px < g.bColumn + g.cell) return { part: "b", row };
  return null;
}

// Resizing a canvas reallocates its bitmap and its box changes the layout: done only
// when the geometry changes, not on every redraw.
function sizeCanvas(canvas, g) {
  const ratio = window.devicePixelRatio || 1;
  const width = Math.round(g.width * ratio);
  const height = Math.round(g.height * ratio);
  if (canvas.width !== width || canvas.height !== height) {
    canvas.width = width;
    canvas.height = height;
  }
  const cssWidth = `${g.width}px`;
  const cssHeight = `${g.height}px`;
  if (canvas.style.width !== cssWidth || canvas.style.height !== cssHeight) {
    canvas.style.width = cssWidth;
    canvas.style.height = cssHeight;
  }
  const ctx = canvas.getContext("2d");
  ctx.setTransform(ratio, 0, 0, ratio, 0, 0);
  return ctx;
}

// A cell filled to whole device pixels: two cells never share a pixel, so a cell looks the same
// whichever was painted first, and a few cells drawn again match a whole drawing to the pixel.
function fillCell(ctx, x, y, cell) {
  const ratio = window.devicePixelRatio || 1;
  const left = Math.round(x * ratio) / ratio;
  const top = Math.round(y * ratio) / ratio;
  ctx.fillRect(left, top, Math.round((x + cell) * ratio) / ratio - left, Math.round((y + cell) * ratio) / ratio - top);
}

// A canvas's font is resolved against the page's style: every assignment, even of the font it
// has, first brings the whole page's style up to date, which in the middle of an edit's drawing
// is the pending work of every view drawn before (~1 ms, measured). So a font is set only where
// text is drawn, and only when the canvas does not have it already (read back, as the canvas
// spells it: its state survives from one drawing to the next, and save/restore bring one back).
const asRead = new Map(); // a font as asked for -> as the canvas reads it back
function useFont(ctx, font) {
  if (asRead.get(font) === ctx.font) return;
  ctx.font = font;
  asRead.set(font, ctx.font);
}

// Numbers are written in cells this large or larger.
const NUMBERED_CELL = 24;

function numberFont(ctx, cell) {
  useFont(ctx, `${Math.min(14, cell * 0.42)}px ${FONT}`);
  ctx.textAlign = "center";
  ctx.textBaseline = "middle";
}

function drawCells(ctx, x0, y0, cell, values, limit, { rows, cols, at }) {
  const showNumbers = cell >= NUMBERED_CELL;
  // One colour (a string to build and parse) per distinct value, not per cell: a quarter
  // off the drawing of a 512-long strip, measured.
  const byValue = new Map();
  for (let r = 0; r < rows; r += 1) {
    for (let c = 0; c < cols; c += 1) {
      const v = at(values, r, c);
      if (!byValue.has(v)) byValue.set(v, []);
      byValue.get(v).push(r, c);
    }
  }
  for (const [v, cells] of byValue) {
    ctx.fillStyle = fill(v, limit);
    for (let k = 0; k < cells.length; k += 2) fillCell(ctx, x0 + cells[k + 1] * cell, y0 + cells[k] * cell, cell);
  }
  if (showNumbers) {
    numberFont(ctx, cell);
    for (let r = 0; r < rows; r += 1) {
      for (let c = 0; c < cols; c += 1) {
        const v = at(values, r, c);
        ctx.fillStyle = ink(v, limit);
        ctx.fillText(num(v), x0 + c * cell + cell / 2, y0 + r * cell + cell / 2 + 0.5);
      }
    }
  }
  if (cell >= 6) {
    ctx.strokeStyle = "rgba(255,255,255,0.9)";
    ctx.lineWidth = 1;
    ctx.beginPath();
    for (let r = 1; r < rows; r += 1) ctx.moveTo(x0, y0 + r * cell), ctx.lineTo(x0 + cols * cell, y0 + r * cell);
    for (let c = 1; c < cols; c += 1) ctx.moveTo(x0 + c * cell, y0), ctx.lineTo(x0 + c * cell, y0 + rows * cell);
    ctx.stroke();
  }
}

// Only the H·W·C_out·C_in copies of weights are painted; every other cell is a
// structural zero, covered by one background rectangle.
function drawEntries(ctx, g, fig) {
  const { cell } = g;
  const { row, col, value } = fig.entries;
  ctx.fillStyle = themed("--zero");
  ctx.fillRect(g.left, g.matrixTop, fig.cols * cell, fig.rows * cell);
  const byValue = new Map(); // a weight's H·W copies share one fillStyle
  for (let k = 0; k < row.length; k += 1) {
    if (!byValue.has(value[k])) byValue.set(value[k], []);
    byValue.get(value[k]).push(k);
  }
  for (const [v, ks] of byValue) {
    ctx.fillStyle = fill(v, fig.limits.w);
    for (const k of ks) fillCell(ctx, g.left + col[k] * cell, g.matrixTop + row[k] * cell, cell);
  }
  if (cell >= NUMBERED_CELL) {
    numberFont(ctx, cell);
    for (let k = 0; k < row.length; k += 1) {
      ctx.fillStyle = ink(value[k], fig.limits.w);
      ctx.fillText(num(value[k]), g.left + (col[k] + 0.5) * cell, g.matrixTop + (row[k] + 0.5) * cell + 0.5);
    }
  }
  if (cell >= 6) {
    ctx.strokeStyle = "rgba(255,255,255,0.9)";
    ctx.lineWidth = 1;
    ctx.beginPath();
    for (let r = 1; r < fig.rows; r += 1) ctx.moveTo(g.left, g.matrixTop + r * cell), ctx.lineTo(g.left + fig.cols * cell, g.matrixTop + r * cell);
    for (let c = 1; c < fig.cols; c += 1) ctx.moveTo(g.left + c * cell, g.matrixTop), ctx.lineTo(g.left + c * cell, g.matrixTop + fig.rows * cell);
    ctx.stroke();
  }
}

// What each canvas shows, so that the next figure redraws only where its numbers changed:
// an edit changes a weight's H·W copies, or one input and its pixel's outputs, and raster of the
// whole figure was most of an edit's drawing (2.2 against 0.4 ms for a few cells, measured).
const shown = new WeakMap();
// Past this many changed cells in a part, the part is drawn whole: one region is cheaper than many.
const MOST_CELLS_REDRAWN = 64;

function sameNumbers(a, b) {
  if (a.length !== b.length) return false;
  for (let k = 0; k < a.length; k += 1) if (a[k] !== b[k]) return false;
  return true;
}

/** Whether `fig` at `g` is laid out as the figure `before` was: the same places, labels and colours. */
function sameLayout(before, g, fig) {
  const a = before.fig;
  return (
    before.theme === themeKeyNow() &&
    ["cell", "font", "left", "top", "matrixTop", "width", "height"].every((key) => before.g[key] === g[key]) &&
    a.rows === fig.rows &&
    a.cols === fig.cols &&
    a.labelled === fig.labelled &&
    ["x", "y", "b", "axis"].every((key) => a.labels[key] === fig.labels[key]) &&
    sameNumbers(a.rowLabels ?? [], fig.rowLabels ?? []) &&
    sameNumbers(a.colLabels ?? [], fig.colLabels ?? []) &&
    sameNumbers(a.blocks.flat(), fig.blocks.flat()) &&
    sameNumbers(a.entries.row, fig.entries.row) &&
    sameNumbers(a.entries.col, fig.entries.col)
  );
}

/** Where `fig` differs from `before` in colour or number, as rectangles [x, y, width, height] (CSS px):
 *  each changed cell, or a whole part (the matrix, the x strip, the y or b column) whose colour scale
 *  moved or in which more than MOST_CELLS_REDRAWN cells changed. */
function changedRegions(before, fig, g) {
  const { cell } = g;
  const [matrix, strip, yColumn, bColumn] = partsOf(g, fig).map((part) => part.area);
  const regions = [];
  const part = (old, now, oldLimit, limit, area, at) => {
    const cells = [];
    if (oldLimit === limit) for (let k = 0; k < now.length; k += 1) if (old[k] !== now[k]) cells.push(at(k));
    if (oldLimit !== limit || cells.length > MOST_CELLS_REDRAWN) regions.push(area);
    else for (const [x, y] of cells) regions.push([x, y, cell, cell]);
  };
  const { row, col } = fig.entries;
  part(before.entries.value, fig.entries.value, before.limits.w, fig.limits.w, matrix, (k) => [g.left + col[k] * cell, g.matrixTop + row[k] * cell]);
  part(before.x, fig.x, before.limits.x, fig.limits.x, strip, (c) => [g.left + c * cell, g.stripY]);
  part(before.y, fig.y, before.limits.y, fig.limits.y, yColumn, (r) => [g.yColumn, g.matrixTop + r * cell]);
  part(before.b, fig.b, before.limits.w, fig.limits.w, bColumn, (r) => [g.bColumn, g.matrixTop + r * cell]);
  return regions;
}

/** Draw the figure: `fig` holds the matrix's entries, the vectors, limits, labels and blocks. Laid out as
 * the canvas's last figure, only where its numbers changed is drawn again: clipped to those regions,
 * with a device pixel around, the parts they reach and the outlines are drawn as before, so the result
 * is the whole drawing's to the pixel. The labels lie further out than that pixel (a rotated one too:
 * see drawLabels), so they are left. */
export function drawMatrix(canvas, g, fig) {
  const ctx = sizeCanvas(canvas, g);
  const before = shown.get(canvas);
  const regions = before && sameLayout(before, g, fig) ? changedRegions(before.fig, fig, g) : null;
  shown.set(canvas, { g, fig, theme: themeKeyNow() });
  if (regions?.length === 0) return;
  if (!regions) {
    drawWhole(ctx, g, fig);
    return;
  }
  // The numbers' font, set outside the clip's save/restore, stays for the next edit's cells.
  if (g.cell >= NUMBERED_CELL) numberFont(ctx, g.cell);
  const ratio = window.devicePixelRatio || 1;
  const out = (v) => Math.floor(v * ratio - 1) / ratio; // whole device pixels, one more around
  const up = (v) => Math.ceil(v * ratio + 1) / ratio;
  const clips = regions.map(([x, y, width, height]) => [out(x), out(y), up(x + width) - out(x), up(y + height) - out(y)]);
  ctx.save();
  ctx.beginPath();
  for (const [x, y, width, height] of clips) ctx.rect(x, y, width, height);
  ctx.clip();
  drawWhole(ctx, g, fig, { clips, margin: 1 / ratio });
  ctx.restore();
}

/** Forget what `canvas` shows: its next figure is drawn whole. */
export function forgetDrawing(canvas) {
  shown.delete(canvas);
}

/** The figure's four parts, each with its area [x, y, width, height] (CSS px, outlined) and how to draw it. */
function partsOf(g, fig) {
  const { rows, cols } = fig;
  const { cell } = g;
  return [
    { area: [g.left, g.matrixTop, cols * cell, rows * cell], draw: (ctx) => drawEntries(ctx, g, fig) },
    { area: [g.left, g.stripY, cols * cell, cell], draw: (ctx) => drawCells(ctx, g.left, g.stripY, cell, fig.x, fig.limits.x, { rows: 1, cols, at: (v, _, c) => v[c] }) },
    { area: [g.yColumn, g.matrixTop, cell, rows * cell], draw: (ctx) => drawCells(ctx, g.yColumn, g.matrixTop, cell, fig.y, fig.limits.y, { rows, cols: 1, at: (v, r) => v[r] }) },
    { area: [g.bColumn, g.matrixTop, cell, rows * cell], draw: (ctx) => drawCells(ctx, g.bColumn, g.matrixTop, cell, fig.b, fig.limits.w, { rows, cols: 1, at: (v, r) => v[r] }) },
  ];
}

/** Whether rectangles a and b, each [x, y, width, height], come within `margin` of each other. */
function near([x, y, width, height], [x2, y2, width2, height2], margin) {
  return x < x2 + width2 + margin && x2 < x + width + margin && y < y2 + height2 + margin && y2 < y + height + margin;
}

/** Draw the figure whole; within `clips` (rectangles the canvas is clipped to), only the parts that reach
 *  them: a part paints within a device pixel (`margin`) of its area, and the rest would be clipped away. */
function drawWhole(ctx, g, fig, { clips = null, margin = 0 } = {}) {
  const { cell } = g;
  ctx.clearRect(0, 0, g.width, g.height);
  const parts = partsOf(g, fig);
  for (const part of parts) if (!clips || clips.some((clip) => near(clip, part.area, margin))) part.draw(ctx);

  ctx.strokeStyle = themed("--control-line");
  ctx.lineWidth = 1;
  if (fig.blocks.length <= 256) for (const [r0, c0, r1, c1] of fig.blocks) ctx.strokeRect(g.left + c0 * cell, g.matrixTop + r0 * cell, (c1 - c0) * cell, (r1 - r0) * cell);
  for (const part of parts) ctx.strokeRect(...part.area);

  if (!clips) drawLabels(ctx, g, fig);
}

// The labels keep clear of the cells by more than a device pixel: to their left (right-aligned
// 6 px off), below them (4 px), and a rotated column label, whose box would reach a quarter of
// the font's size above its anchor, that much lower again.
function drawLabels(ctx, g, fig) {
  const { rows, cols } = fig;
  const { cell } = g;
  ctx.fillStyle = themed("--muted");
  useFont(ctx, `${g.font}px ${FONT}`);
  ctx.textBaseline = "middle";
  ctx.textAlign = "right";
  ctx.fillText(fig.labels.x, g.left - 6, g.stripY + cell / 2);
  const step = (n) => Math.max(1, Math.ceil(n / (fig.labelled ? n : 8)));
  for (let r = 0; r < rows; r += step(rows)) ctx.fillText(fig.labelled ? fig.rowLabels[r] : String(r), g.left - 6, g.matrixTop + (r + 0.5) * cell);
  ctx.textAlign = "center";
  ctx.textBaseline = "top";
  const below = g.matrixTop + rows * cell + 4;
  ctx.fillText(fig.labels.y, g.yColumn + cell / 2, below);
  ctx.fillText(fig.labels.b, g.bColumn + cell / 2, below);
  for (let c = 0; c < cols; c += step(cols)) {
    const x = g.left + (c + 0.5) * cell;
    if (fig.labelled) {
      ctx.save();
      ctx.translate(x, below + g.font / 4);
      ctx.rotate(-Math.PI / 3);
      ctx.textAlign = "right";
      ctx.textBaseline = "middle";
      ctx.fillText(fig.colLabels[c], 0, 0);
      ctx.restore();
    } else {
      ctx.fillText(String(c), x, below);
    }
  }
  ctx.textBaseline = "bottom";
  ctx.fillText(fig.labels.axis, g.left + (cols * cell) / 2, g.height - 2);
}

/** On the overlay canvas, outline `rows` of the matrix (bands), its `cells` [row, col], and entries `strip` of the x vector above it. */
export function drawHighlights(canvas, g, cols, { cells, rows, strip = [] }) {
  const ctx = sizeCanvas(canvas, g);
  ctx.clearRect(0, 0, g.width, g.height);
  ctx.strokeStyle = themed("--lit");
  ctx.lineWidth = Math.max(2, Math.min(3, g.cell / 6));
  for (const r of rows) ctx.strokeRect(g.left - 1, g.matrixTop + r * g.cell, cols * g.cell + 2, g.cell);
  for (const [r, c] of cells) ctx.strokeRect(g.left + c * g.cell, g.matrixTop + r * g.cell, g.cell, g.cell);
  for (const c of strip) ctx.strokeRect(g.left + c * g.cell, g.stripY, g.cell, g.cell);
}
