// The FC twin: the big matrix M on the flattened input (a canvas figure), the
// x, y and b vectors along its edges, hover linking both ways, the proof and
// the parameter counts.

import { limitOf } from "../colors.js";
import { count, num } from "../format.js";
import { t } from "../i18n.js";
import { setText } from "./dom.js";
import { drawHighlights, drawMatrix, forgetDrawing, geometry, hitTest, labelSizeOf } from "./matrix_canvas.js";
import { currentPixel } from "./mixer.js";
import { proofRow } from "./proof.js";

const LABEL_LIMIT = 24; // name every row and column up to this many

/** The plot's width, its height where the stylesheet asks the figure to fit it (else no bound), and the labels' size. */
function roomOf(plot) {
  const fit = window.getComputedStyle(plot).getPropertyValue("--fit-height").trim() === "1";
  return { width: plot.clientWidth, height: fit ? plot.clientHeight : Infinity, font: labelSizeOf(plot) };
}

/** "y[1, 0, 2]": the name of a flattened entry, by its pixel (row-major over a `width`-wide image) and channel. */
export function flatLabel(pixel, channel, width, name) {
  return `${name}[${Math.floor(pixel / width)}, ${pixel % width}, ${channel}]`;
}

/** The dense matrix from its non-zero entries; structural zeros stay null (blank). */
function denseMatrix(fc) {
  const [rows, cols] = fc.shape;
  const z = Array.from({ length: rows }, () => new Array(cols).fill(null));
  const { row, col, value } = fc.entries;
  for (let k = 0; k < row.length; k += 1) z[row[k]][col[k]] = value[k];
  return z;
}

/** Block outlines [r0, c0, r1, c1]: a copy of W per pixel (hwc) or a diagonal block per weight (chw). */
export function blocksOf(data) {
  const { h, w, cin, cout } = data.shape;
  const pixels = h * w;
  const blocks = [];
  if (data.fc.order === "hwc") for (let p = 0; p < pixels; p += 1) blocks.push([p * cout, p * cin, (p + 1) * cout, (p + 1) * cin]);
  else for (let o = 0; o < cout; o += 1) for (let c = 0; c < cin; c += 1) blocks.push([o * pixels, c * pixels, (o + 1) * pixels, (c + 1) * pixels]);
  return blocks;
}

export function mountFcTwin(root, store) {
  const plot = root.querySelector('[data-testid="fc-plot"]');
  const title = root.querySelector('[data-testid="fc-title"]');
  const proofRows = root.querySelector('[data-testid="proof-rows"]');
  const paramsBody = root.querySelector('[data-testid="params-body"]');
  // An image once drawn (with its name); before the first answer, nothing to say.
  const matrixCanvas = document.createElement("canvas");
  const overlayCanvas = document.createElement("canvas");
  overlayCanvas.className = "fc-overlay";
  overlayCanvas.setAttribute("aria-hidden", "true");
  plot.append(matrixCanvas, overlayCanvas);
  const readout = document.createElement("p");
  readout.className = "fc-readout";
  readout.dataset.testid = "fc-readout";
  readout.setAttribute("aria-live", "polite");
  plot.after(readout);
  const orderRadios = [...root.querySelectorAll('input[name="order"]')];
  for (const radio of orderRadios) {
    radio.addEventListener("change", () => store.set({ order: radio.value }));
  }

  let current = null; // the answer the figure shows
  let g = null; // its geometry
  let highlightKey = ""; // what the overlay shows: hover, pixel, structure and geometry
  let marksShown = { cells: [], rows: [] };

  function figureOf(data) {
    const fc = data.fc;
    const [rows, cols] = fc.shape;
    const w = data.shape.w;
    const labelled = cols <= LABEL_LIMIT && rows <= LABEL_LIMIT;
    return {
      rows,
      cols,
      entries: fc.entries,
      get z() {
        return denseMatrix(fc); // for tests and screen-reader tables; drawing uses the entries
      },
      x: fc.x_flat,
      y: fc.out,
      b: fc.bias,
      limits: { w: limitOf(data.weight, "weight"), x: limitOf(fc.x_flat, "x"), y: limitOf(fc.out, "y") },
      blocks: blocksOf(data),
      labelled,
      // Named only when every row and column gets a name (the figure numbers them otherwise).
      rowLabels: labelled ? fc.row_pixel.map((p, k) => flatLabel(p, fc.row_channel[k], w, "y")) : [],
      colLabels: labelled ? fc.col_pixel.map((p, k) => flatLabel(p, fc.col_channel[k], w, "x")) : [],
      labels: { x: t("fc.strip_x"), y: t("fc.strip_y"), b: t("fc.strip_b"), axis: t("fc.axis_in", { n: cols }) },
    };
  }

  // The room the figure has: the plot's width; on a projector also its height (the stylesheet
  // sets --fit-height there, and the size of the labels in --label-size).
  let room = roomOf(plot);

  function draw(data) {
    const figure = figureOf(data);
    const [rows, cols] = data.fc.shape;
    g = geometry(rows, cols, room.width || 600, { labelled: figure.labelled, height: room.height, font: room.font });
    drawMatrix(matrixCanvas, g, figure);
    const name = t("fc.matrix_title", { rows, cols });
    if (matrixCanvas.getAttribute("aria-label") !== name) matrixCanvas.setAttribute("aria-label", name);
    if (!matrixCanvas.hasAttribute("role")) matrixCanvas.setAttribute("role", "img");
    plot.fc = { figure, cellCenter, highlights: marksShown, labelSize: g.font };
  }

  /** Client coordinates of the centre of M[row, col] (a hook for tests and tours). */
  function cellCenter(row, col) {
    const box = matrixCanvas.getBoundingClientRect();
    return [box.left + g.left + (col + 0.5) * g.cell, box.top + g.matrixTop + (row + 0.5) * g.cell];
  }

  function describeCell(data, row, col) {
    const w = data.shape.w;
    const out = flatLabel(data.fc.row_pixel[row], data.fc.row_channel[row], w, "y");
    const inp = flatLabel(data.fc.col_pixel[col], data.fc.col_channel[col], w, "x");
    const samePixel = data.fc.row_pixel[row] === data.fc.col_pixel[col];
    const value = samePixel ? data.weight[data.fc.row_channel[row]][data.fc.col_channel[col]] : 0;
    const what = samePixel ? t("fc.hover_copy", { o: data.fc.row_channel[row], c: data.fc.col_channel[col] }) : t("fc.hover_zero");
    return t("text.labelled", { label: t("text.aside", { text: `M[${row}, ${col}] = ${num(value)}`, aside: what }), value: `${out} ← ${inp}` });
  }

  function pointAt(event) {
    if (!current || !g) return;
    const box = matrixCanvas.getBoundingClientRect();
    const [rows, cols] = current.fc.shape;
    const hit = hitTest(g, rows, cols, event.clientX - box.left, event.clientY - box.top);
    const fc = current.fc;
    const w = current.shape.w;
    let hover = null;
    if (hit?.part === "matrix") {
      readout.textContent = describeCell(current, hit.row, hit.col);
      hover = { kind: "output", p: fc.row_pixel[hit.row], o: fc.row_channel[hit.row], source: "fc" };
    } else if (hit?.part === "x") {
      readout.textContent = `${flatLabel(fc.col_pixel[hit.col], fc.col_channel[hit.col], w, "x")} = ${num(fc.x_flat[hit.col])}`;
      hover = { kind: "input", p: fc.col_pixel[hit.col], c: fc.col_channel[hit.col], source: "fc" };
    } else if (hit) {
      const vector = hit.part === "y" ? fc.out : fc.bias;
      const name = hit.part === "y" ? flatLabel(fc.row_pixel[hit.row], fc.row_channel[hit.row], w, "y") : `b[${fc.row_channel[hit.row]}]`;
      readout.textContent = `${name} = ${num(vector[hit.row])}`;
      hover = { kind: "output", p: fc.row_pixel[hit.row], o: fc.row_channel[hit.row], source: "fc" };
    }
    if (JSON.stringify(hover) !== JSON.stringify(store.ui.hover)) store.setUi({ hover });
  }

  // A finger does not hover: a tap reads the entry under it, and its highlight stays
  // until the next tap anywhere else (a lifted finger "leaves" the canvas at once).
  matrixCanvas.addEventListener("pointermove", pointAt);
  matrixCanvas.addEventListener("pointerdown", (event) => event.pointerType === "touch" && pointAt(event));
  matrixCanvas.addEventListener("pointerleave", (event) => {
    if (event.pointerType !== "touch" && store.ui.hover?.source === "fc") store.setUi({ hover: null });
  });
  document.addEventListener("pointerdown", (event) => {
    if (event.target !== matrixCanvas && store.ui.hover?.source === "fc") store.setUi({ hover: null });
  });

  // Copies of a hovered weight or input get an outline; a hovered output (or
  // the walk-through's current pixel) gets its row band.
  function highlightsOf(state, data, ui) {
    const h = ui.hover;
    const { row, col } = data.fc.entries;
    const { row_channel: rowChannel, col_channel: colChannel, col_pixel: colPixel } = data.fc;
    const cells = [];
    const rows = [];
    if (h?.kind === "weight") {
      for (let k = 0; k < row.length; k += 1) if (rowChannel[row[k]] === h.o && colChannel[col[k]] === h.c) cells.push([row[k], col[k]]);
    } else if (h?.kind === "input") {
      for (let k = 0; k < row.length; k += 1) if (colPixel[col[k]] === h.p && colChannel[col[k]] === h.c) cells.push([row[k], col[k]]);
    } else if (h?.kind === "output" || h?.kind === "bias") {
      data.fc.row_pixel.forEach((p, r) => {
        if ((h.kind === "bias" || p === h.p) && data.fc.row_channel[r] === h.o) rows.push(r);
      });
    }
    // The walk-through's pixel: its rows of M, and its entries of x in the strip above, which they read.
    const strip = [];
    const p = currentPixel(state, data);
    if (p !== null && !h) {
      data.fc.row_pixel.forEach((q, r) => q === p && rows.push(r));
      data.fc.col_pixel.forEach((q, c) => q === p && strip.push(c));
    }
    return { cells, rows, strip };
  }

  // The marks depend on the hover, the pixel and the matrix's structure (shape and
  // order), never on its values: an edit leaves the overlay as it is.
  function highlight(state, data, ui) {
    const { h, w, cin, cout } = data.shape;
    const key = [JSON.stringify(ui.hover), currentPixel(state, data), data.fc.order, h, w, cin, cout, g.cell, g.left, g.matrixTop, g.width, g.height].join("|");
    if (key === highlightKey) return;
    highlightKey = key;
    const marks = highlightsOf(state, data, ui);
    marksShown = marks;
    drawHighlights(overlayCanvas, g, data.fc.shape[1], marks);
    plot.dataset.highlighted = String(marks.cells.length + marks.rows.length + marks.strip.length);
    plot.fc.highlights = marks;
  }

  // The proof and the counts rarely change with an edit (the differences stay 0, the
  // shape stays): rebuilt only when what they say changes.
  let proofKey = "";
  let paramsKey = "";

  function renderProof(data) {
    const key = [data.per_pixel.max_abs_diff, data.batch.max_abs_diff, data.fc.max_abs_diff, data.fc.order].join("|");
    if (key === proofKey) return;
    proofKey = key;
    proofRows.replaceChildren(
      proofRow("proof-per-pixel", t("proof.row.per_pixel"), data.per_pixel.max_abs_diff),
      proofRow("proof-batch", t("proof.row.batch"), data.batch.max_abs_diff),
      proofRow("proof-fc", t("text.aside", { text: t("proof.row.fc"), aside: t(data.fc.order === "hwc" ? "proof.order.hwc" : "proof.order.chw") }), data.fc.max_abs_diff),
    );
  }

  function renderParams(data) {
    const p = data.params;
    const key = JSON.stringify(p);
    if (key === paramsKey) return;
    paramsKey = key;
    const lines = [
      ["params-conv", t("params.conv"), p.conv_total, t("params.conv.detail", { weights: count(p.conv_weights), biases: count(p.conv_biases) })],
      ["params-fc", t("params.fc"), p.fc_total, t("params.fc.detail", { weights: count(p.fc_weights), biases: count(p.fc_biases) })],
    ];
    const table = document.createElement("dl");
    table.className = "params-list";
    for (const [testid, label, total, detail] of lines) {
      const dt = document.createElement("dt");
      dt.textContent = label;
      const dd = document.createElement("dd");
      dd.dataset.testid = testid;
      const strong = document.createElement("strong");
      strong.textContent = count(total);
      dd.append(strong, ` = ${detail}`);
      table.append(dt, dd);
    }
    const ratio = document.createElement("p");
    ratio.dataset.testid = "params-ratio";
    ratio.textContent = p.fc_total === p.conv_total ? t("params.same", { n: count(p.conv_total) }) : t("params.ratio", { ratio: count(Math.round((p.fc_total / p.conv_total) * 10) / 10) });
    const tied = document.createElement("p");
    tied.dataset.testid = "params-tied";
    tied.textContent = t("params.tied", { nonzero: count(p.tied_fc_nonzero), distinct: count(p.conv_weights) });
    paramsBody.replaceChildren(table, ratio, tied);
  }

  // The room, kept by the ResizeObserver (which runs after layout): reading the plot's
  // size while the other views are still writing forced an extra layout per edit.
  new ResizeObserver(() => {
    const now = roomOf(plot);
    const moved = Math.abs(now.width - room.width) >= 2 || Math.abs(now.height - room.height) >= 2 || now.font !== room.font;
    room = now;
    if (!current || !moved) return;
    draw(current);
    highlight(store.state, current, store.ui);
  }).observe(plot);

  // A new theme repaints the matrix (whole) and its marks in the new colours; presentation mode, in its
  // room and with its labels (taken here, so the ResizeObserver that follows finds nothing moved).
  window.addEventListener("onebyone:layout", () => {
    room = roomOf(plot);
    if (!current) return;
    highlightKey = "";
    forgetDrawing(matrixCanvas);
    draw(current);
    highlight(store.state, current, store.ui);
  });

  // Below the mixer on a phone: while it is off the screen, drawn after the views on it.
  store.subscribe(
    ({ state, data, ui, changed }) => {
      if (!data) return;
      if (changed === "data") {
        current = data;
        for (const radio of orderRadios) radio.checked = radio.value === data.fc.order;
        setText(title, t("fc.matrix_title", { rows: data.fc.shape[0], cols: data.fc.shape[1] }));
        draw(data);
        renderProof(data);
        renderParams(data);
      }
      highlight(state, data, ui);
    },
    { root },
  );
}
