// The three models side by side at the current step: each one's loss, its parameter
// count and its weights. The conv's W and b as a table of numbers; the tied twin's and
// the untied FC's big matrices drawn with matrix_canvas.js, on one colour scale fixed
// over the whole run, so an entry off the diagonal blocks lights up as it drifts.

import { limitOf } from "../colors.js";
import { count, diff, num } from "../format.js";
import { t } from "../i18n.js";
import { el, setText } from "./dom.js";
import { drawMatrix, geometry, labelSizeOf } from "./matrix_canvas.js";
import { numberWriter } from "./cells.js";

/** The step the page shows: the URL's, or the last one when the walk-through is done. */
export function shownStep(state, data) {
  const last = data.steps.length - 1;
  return Math.min(state.step ?? last, last);
}

// The conv's W (C_out rows, C_in columns) and b, as a table whose cells are coloured by value.
function weightTable(cout, cin) {
  const table = el("table", "train-weights");
  table.dataset.testid = "conv-weights";
  const caption = el("caption", "visually-hidden", t("train.conv.caption"));
  const head = el("tr");
  head.append(el("th", "", ""));
  for (let c = 0; c < cin; c += 1) head.append(Object.assign(el("th", "", t("train.conv.col", { c })), { scope: "col" }));
  head.append(Object.assign(el("th", "", "b"), { scope: "col" }));
  const body = el("tbody");
  const writers = [];
  for (let o = 0; o < cout; o += 1) {
    const row = el("tr");
    row.append(Object.assign(el("th", "", t("train.conv.row", { o })), { scope: "row" }));
    const cells = [];
    for (let c = 0; c <= cin; c += 1) {
      const cell = el("td", "weight-cell");
      cell.dataset.testid = c < cin ? `conv-w-${o}-${c}` : `conv-b-${o}`;
      row.append(cell);
      cells.push(numberWriter(cell));
    }
    writers.push(cells);
    body.append(row);
  }
  table.append(caption, el("thead"), body);
  table.tHead.append(head);
  return { table, writers };
}

// A big matrix as matrix_canvas.js draws it: entries, vectors, blocks and labels.
function figureOf(data, rows, cols, value, bias, out, limit) {
  const { h, w, cin, cout } = data.shape;
  const entries = { row: [], col: [], value: [] };
  for (let r = 0; r < rows; r += 1) {
    for (let c = 0; c < cols; c += 1) {
      const v = value(r, c);
      if (v !== 0) entries.row.push(r), entries.col.push(c), entries.value.push(v);
    }
  }
  const blocks = [];
  for (let p = 0; p < h * w; p += 1) blocks.push([p * cout, p * cin, (p + 1) * cout, (p + 1) * cin]);
  return {
    rows,
    cols,
    entries,
    x: data.x.flat(2),
    y: out,
    b: bias,
    limits: { x: limitOf(data.x), y: limitOf(data.y), w: limit },
    labels: { x: "x", y: "ŷ", b: "b", axis: t("train.matrix.axis", { n: cols }) },
    blocks,
    labelled: false,
  };
}

function matrixFigure(root) {
  const canvas = document.createElement("canvas");
  canvas.setAttribute("role", "img");
  root.append(canvas);
  return canvas;
}

export function mountTrainModels(root, store) {
  const part = (testid) => root.querySelector(`[data-testid="${testid}"]`);
  let built = null; // the shape the figures were built for
  let conv = null;
  let canvases = null;
  let limit = 1;
  let labelSize = 13; // the matrices' labels, larger on a projector

  function build(data) {
    const { cin, cout } = data.shape;
    const convRoot = part("figure-conv");
    convRoot.replaceChildren();
    conv = weightTable(cout, cin);
    convRoot.append(conv.table);
    canvases = { tied: matrixFigure(part("figure-tied")), untied: matrixFigure(part("figure-untied")) };
    part("figure-tied").replaceChildren(canvases.tied);
    part("figure-untied").replaceChildren(canvases.untied);
    built = JSON.stringify(data.shape);
  }

  function draw(state, data) {
    const { h, w, cin, cout } = data.shape;
    const pixels = h * w;
    const rows = pixels * cout;
    const cols = pixels * cin;
    const step = data.steps[shownStep(state, data)];
    // Cells of at most 22 px: at 24 px matrix_canvas.js writes each entry's number, which
    // 27 columns of three-decimal weights cannot hold.
    const widest = 40 + 8 + (cols + 4) * 22;
    const width = Math.min(widest, Math.max(220, part("figure-untied").clientWidth || 360));

    for (const model of ["conv", "tied", "untied"]) {
      setText(part(`loss-${model}`), t("train.loss", { value: diff(step.loss[model]) }));
    }
    setText(part("params-conv"), t("train.params.conv", { n: count(data.params.conv) }));
    setText(part("params-tied"), t("train.params.tied", { n: count(data.params.tied), entries: count(data.params.tied_entries) }));
    setText(part("params-untied"), t("train.params.untied", { n: count(data.params.untied) }));

    const wLimit = limitOf([step.w, step.b]);
    step.w.forEach((row, o) => {
      row.forEach((v, c) => conv.writers[o][c](v, wLimit));
      conv.writers[o][cin](step.b[o], wLimit);
    });

    const tiedValue = (r, c) => {
      const p = Math.floor(r / cout);
      return Math.floor(c / cin) === p ? step.tied.blocks[p][r % cout][c % cin] : 0;
    };
    const figures = {
      tied: figureOf(data, rows, cols, tiedValue, step.tied.bias, step.tied.out, limit),
      untied: figureOf(data, rows, cols, (r, c) => step.untied.matrix[r][c], step.untied.bias, step.untied.out, limit),
    };
    for (const model of ["tied", "untied"]) {
      const g = geometry(rows, cols, width, { labelled: false, font: labelSize });
      drawMatrix(canvases[model], g, figures[model]);
    }
    canvases.tied.setAttribute("aria-label", t("train.matrix.tied_label", { rows, cols, off: num(step.tied.off_max) }));
    canvases.untied.setAttribute(
      "aria-label",
      t("train.matrix.untied_label", { rows, cols, count: count(step.untied.off_count), total: count(data.params.off_block_entries), largest: num(step.untied.off_max) }),
    );
    setText(part("note-conv"), t("train.note.conv", { h: data.other_size.h, w: data.other_size.w }));
    setText(part("note-tied"), t("train.note.tied", { diff: diff(Math.max(step.tied.max_abs_diff_out, step.tied.max_abs_diff_w)) }));
    setText(
      part("note-untied"),
      t("train.note.untied", { count: count(step.untied.off_count), total: count(data.params.off_block_entries), largest: num(step.untied.off_max) }),
    );
  }

  let lastWidth = 0;
  new ResizeObserver(() => {
    const width = part("figure-untied").clientWidth;
    if (store.data && built && Math.abs(width - lastWidth) > 4) {
      lastWidth = width;
      labelSize = labelSizeOf(part("figure-untied"));
      draw(store.state, store.data);
    }
  }).observe(part("figure-untied"));
  // A new theme repaints the matrices in the new colours; presentation mode, with larger labels.
  window.addEventListener("onebyone:layout", () => {
    labelSize = labelSizeOf(part("figure-untied"));
    if (store.data && built) draw(store.state, store.data);
  });

  store.subscribe(({ state, data, changed }) => {
    if (!data || changed === "ui") return;
    if (changed === "data") {
      if (JSON.stringify(data.shape) !== built) build(data);
      // One scale for the whole run, both big matrices: colours compare across steps.
      limit = Math.max(...data.steps.map((s) => limitOf([s.untied.matrix, s.tied.blocks])));
    }
    draw(state, data);
  });
}
