// The channel mixer: input channel grids, W and b, output channel grids.
// Highlights follow the walk-through step and whatever the reader hovers.

import { limitOf } from "../colors.js";
import { num } from "../format.js";
import { t } from "../i18n.js";
import { editableCell, valueCell } from "./cells.js";
import { channelCard, el, setText } from "./dom.js";
import { enableGridNavigation } from "./grid_nav.js";

/** The current pixel of the walk-through, or null when every pixel is done. */
export function currentPixel(state, data) {
  const total = data.steps.i.length;
  const step = state.step ?? total;
  return step < total ? step : null;
}

const NOTHING = { x: () => false, w: () => false, b: () => false, y: () => false };

// A step that blanks or fills more outputs than this is drawn over successive frames, in
// pixel order: Play from a finished 8×8×8 walk blanks 504 outputs, and one frame of them
// all was a 60-100 ms task (eight frames of 64 take about 130 ms to sweep the grids).
const OUTPUTS_PER_FRAME = 64;

/**
 * What a hovered item is connected to. An input value (p, c) feeds every output
 * at pixel p through column c of W; a weight W[o, c] carries channel c into
 * channel o at every pixel; an output (p, o) reads pixel p's column through row o.
 */
export function related(hover) {
  if (!hover) return NOTHING;
  const { kind, p, c, o } = hover;
  if (kind === "input") return { x: (q, d) => q === p && d === c, w: (_, d) => d === c, b: () => false, y: (q) => q === p };
  if (kind === "weight") return { x: (_, d) => d === c, w: (r, d) => r === o && d === c, b: () => false, y: (_, r) => r === o };
  if (kind === "bias") return { x: () => false, w: () => false, b: (r) => r === o, y: (_, r) => r === o };
  if (kind === "output") return { x: (q) => q === p, w: (r) => r === o, b: (r) => r === o, y: (q, r) => q === p && r === o };
  return NOTHING;
}

export function mountMixer(root, store) {
  const inputRoot = root.querySelector('[data-testid="input-grids"]');
  const weightRoot = root.querySelector('[data-testid="weights"]');
  const outputRoot = root.querySelector('[data-testid="output-grids"]');
  // The sentence about ReLU is said only when the example has it.
  const proseAct = root.querySelector('[data-testid="prose-act"]');
  const captions = {
    input: root.querySelector('[data-testid="input-caption"]'),
    weights: root.querySelector('[data-testid="weights-caption"]'),
    output: root.querySelector('[data-testid="output-caption"]'),
  };
  for (const container of [inputRoot, weightRoot, outputRoot]) enableGridNavigation(container);

  let shapeKey = "";
  let cells = null;
  let rings = []; // one per channel grid: the walk-through's current pixel
  let yLimit = 1; // the colour scale of the outputs, per answer

  const hover = (target) => (on) => store.setUi({ hover: on ? target : null });

  // The ring is one element over a grid, moved by a transform from its row and column, so a step
  // of the walk lays nothing out. A ring drawn by the cells themselves had to lift the current
  // cell above its neighbours (z-index), and that made each step of an 8×8×8 walk lay out the page.
  function withRing(card) {
    const grid = card.querySelector("[data-grid]");
    const ring = el("div", "walk-ring");
    ring.setAttribute("aria-hidden", "true");
    ring.hidden = true;
    grid.classList.add("walked");
    grid.append(ring);
    rings.push(ring);
    return card;
  }

  function build({ h, w, cin, cout }) {
    cells = { x: [], w: [], b: [], y: [] };
    rings = [];
    inputRoot.replaceChildren();
    for (let c = 0; c < cin; c += 1) {
      inputRoot.append(withRing(
        channelCard(t("mixer.channel", { c }), h, w, (i, j) => {
          const cell = editableCell({
            testid: `x-${i}-${j}-${c}`,
            label: t("mixer.cell_label", { name: "x", index: `${i}, ${j}, ${c}` }),
            onCommit: (v) => store.edit("x", (i * w + j) * cin + c, v),
            onHover: hover({ kind: "input", p: i * w + j, c }),
          });
          cells.x.push({ cell, i, j, c });
          return cell;
        }),
      ));
    }

    const table = el("div", "grid weight-grid");
    table.dataset.grid = "";
    table.style.gridTemplateColumns = `auto repeat(${cin}, var(--cell)) 0.6rem var(--cell)`;
    table.append(el("span", "axis-label", ""));
    for (let c = 0; c < cin; c += 1) table.append(el("span", "axis-label", `c${c}`));
    table.append(el("span"), el("span", "axis-label", t("mixer.bias")));
    for (let o = 0; o < cout; o += 1) {
      table.append(el("span", "axis-label row-label", `o${o}`));
      for (let c = 0; c < cin; c += 1) {
        const cell = editableCell({
          testid: `w-${o}-${c}`,
          label: t("mixer.cell_label", { name: "W", index: `${o}, ${c}` }),
          onCommit: (v) => store.edit("weight", o * cin + c, v),
          onHover: hover({ kind: "weight", o, c }),
        });
        Object.assign(cell.element.dataset, { row: String(o), col: String(c) });
        cells.w.push({ cell, o, c });
        table.append(cell.element);
      }
      table.append(el("span"));
      const bias = editableCell({
        testid: `b-${o}`,
        label: t("mixer.cell_label", { name: "b", index: `${o}` }),
        onCommit: (v) => store.edit("bias", o, v),
        onHover: hover({ kind: "bias", o }),
      });
      Object.assign(bias.element.dataset, { row: String(o), col: String(cin + 1) });
      bias.element.classList.add("bias-cell");
      cells.b.push({ cell: bias, o });
      table.append(bias.element);
    }
    weightRoot.replaceChildren(table);

    outputRoot.replaceChildren();
    for (let o = 0; o < cout; o += 1) {
      outputRoot.append(withRing(
        channelCard(t("mixer.channel", { c: o }), h, w, (i, j) => {
          const cell = valueCell({
            testid: `y-${i}-${j}-${o}`,
            label: (v) => `y[${i}, ${j}, ${o}] = ${num(v)}`,
            onHover: hover({ kind: "output", p: i * w + j, o }),
          });
          cells.y.push({ cell, i, j, o, pendingLabel: t("text.labelled", { label: `y[${i}, ${j}, ${o}]`, value: t("mixer.pending") }) });
          return cell;
        }),
      ));
    }
    cells.y.sort((a, b) => a.i * w + a.j - (b.i * w + b.j) || a.o - b.o); // pixel by pixel, as the walk reaches them
  }

  // The outputs are written by highlight(), which knows which ones the walk-through has reached.
  function fillValues(data) {
    const xLimit = limitOf(data.x, "x");
    const wLimit = limitOf([data.weight, data.bias], "w");
    yLimit = limitOf(data.y, "y");
    for (const { cell, i, j, c } of cells.x) cell.set(data.x[i][j][c], xLimit);
    for (const { cell, o, c } of cells.w) cell.set(data.weight[o][c], wLimit);
    for (const { cell, o } of cells.b) cell.set(data.bias[o], wLimit);
    const { h, w, cin, cout } = data.shape;
    setText(captions.input, t("mixer.input.caption", { h, w, cin }));
    setText(captions.weights, t("mixer.weights.caption", { cout, cin }));
    setText(captions.output, t("mixer.output.caption", { h, w, cout }));
  }

  // Highlights follow the walk-through's pixel and the hover, values follow the answer:
  // each pass runs only when its inputs changed, and touches only cells that change.
  let classesKey = "";
  let valuesShown = null; // [answer, pixel] the outputs show
  function highlight(state, data, ui, spread = false) {
    const { w } = data.shape;
    const current = currentPixel(state, data);
    const walking = current !== null;
    const key = `${shapeKey}|${current}|${JSON.stringify(ui.hover)}`;
    if (key !== classesKey) {
      classesKey = key;
      const lit = related(ui.hover);
      const [row, col] = walking ? [String(Math.floor(current / w)), String(current % w)] : [];
      for (const ring of rings) {
        if (ring.hidden === walking) ring.hidden = !walking;
        if (!walking) continue;
        ring.style.setProperty("--row", row);
        ring.style.setProperty("--col", col);
      }
      for (const { cell, i, j, c } of cells.x) {
        cell.mark("lit", lit.x(i * w + j, c));
      }
      for (const { cell, o, c } of cells.w) cell.mark("lit", walking || lit.w(o, c));
      for (const { cell, o } of cells.b) cell.mark("lit", walking || lit.b(o));
      for (const { cell, i, j, o } of cells.y) {
        cell.mark("lit", lit.y(i * w + j, o));
      }
    }
    if (valuesShown && valuesShown[0] === data && valuesShown[1] === current) return;
    valuesShown = [data, current];
    writeOutputs(data, current, spread ? OUTPUTS_PER_FRAME : Infinity);
  }

  // The outputs in pixel order, `budget` changed cells now and the rest in the next frame.
  let outputsFrame = 0;
  function writeOutputs(data, current, budget, from = 0) {
    cancelAnimationFrame(outputsFrame);
    const { w } = data.shape;
    let changed = 0;
    for (let k = from; k < cells.y.length; k += 1) {
      const { cell, i, j, o, pendingLabel } = cells.y[k];
      const touched = current !== null && i * w + j > current ? cell.clear(pendingLabel) : cell.set(data.y[i][j][o], yLimit);
      if (touched && ++changed >= budget && k + 1 < cells.y.length) {
        outputsFrame = requestAnimationFrame(() => writeOutputs(data, current, budget, k + 1));
        return;
      }
    }
  }

  store.subscribe(({ state, data, ui, changed }) => {
    if (!data) return;
    if (changed === "data") {
      if (proseAct && proseAct.hidden !== (data.activation !== "relu")) proseAct.hidden = data.activation !== "relu";
      const key = `${data.shape.h}x${data.shape.w}x${data.shape.cin}x${data.shape.cout}`;
      if (key !== shapeKey) {
        shapeKey = key;
        build(data.shape);
      }
      fillValues(data);
    }
    highlight(state, data, ui, changed === "step");
  });
}
