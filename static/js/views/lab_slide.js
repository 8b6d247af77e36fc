// The slide: the larger input with the window, the score map filling in, the
// pitfall switches with their explanation, and the proof (conv map against the
// FC head crop by crop).

import { limitOf } from "../colors.js";
import { count, num } from "../format.js";
import { t } from "../i18n.js";
import { editableCell, valueCell } from "./cells.js";
import { channelCard, el } from "./dom.js";
import { enableGridNavigation } from "./grid_nav.js";
import { createNarrator } from "./narrator.js";
import { proofRow, TOLERANCE } from "./proof.js";

/** How many positions the converted head's map has (the walk-through's steps). */
export function mapPositions(data) {
  return data.conv_map_shape[0] * data.conv_map_shape[1];
}

/** The map position in focus: the hovered output cell, else the walk-through's, else none. */
export function focusPosition(state, data, ui) {
  if (ui.hover?.kind === "map") return ui.hover.p;
  const step = state.step ?? mapPositions(data);
  return step < mapPositions(data) ? step : null;
}

/** The input rows and columns that map position p reads (before clipping to the input). */
export function windowOf(data, p) {
  const cols = data.conv_map_shape[1];
  const i = Math.floor(p / cols);
  const j = p % cols;
  const top = i * data.shape.stride - data.padding.rows[0];
  const left = j * data.shape.stride - data.padding.cols[0];
  return { i, j, top, left, bottom: top + data.shape.h - 1, right: left + data.shape.w - 1 };
}

/** Whether the conv's output at (i, j) has a crop and matches the FC head on it. */
function verdict(data, i, j) {
  const [rows, cols] = data.map_shape;
  if (i >= rows || j >= cols) return "no-crop";
  const conv = data.conv_map[i][j];
  const fc = data.crop_map[i][j];
  return conv.every((v, m) => Math.abs(v - fc[m]) <= TOLERANCE) ? "ok" : "wrong";
}

/** A cell of SAME's zero padding: drawn, not editable, not a grid stop. */
function padCell(testid) {
  const cell = el("div", "cell pad", "0");
  cell.dataset.testid = testid;
  cell.setAttribute("aria-hidden", "true");
  return { element: cell, decorative: true };
}

/**
 * What map position `win` shows, compared as the reader does: output (i, j) against the FC
 * head on crop (i, j), and where the output really read when padding moved it.
 */
/**
 * Which explanation of the pitfall the numbers bear out: SAME with a 1×1 kernel pads
 * nothing, with an even kernel only below and to the right (nothing moves); the wrong
 * flatten order changes nothing where both orders list the values alike.
 */
function pitfallCase(data) {
  const { h, w, c } = data.shape;
  if (data.pitfall === "same") {
    if (data.extra_outputs === 0) return "same_none";
    if (data.padding.rows[0] === 0 && data.padding.cols[0] === 0) return "same_after";
  }
  if (data.pitfall === "order" && h * w === 1) return "order_alike_pixel";
  if (data.pitfall === "order" && c === 1) return "order_alike_channel";
  return data.pitfall;
}

function readoutText(data, win) {
  const conv = data.conv_map[win.i][win.j].map(num).join(", ");
  const { stride, h, w } = data.shape;
  const [rows, cols] = data.map_shape;
  const read = { w0: num(win.top), w1: num(win.bottom), v0: num(win.left), v1: num(win.right) };
  if (win.i >= rows || win.j >= cols) return t("lab.slide.readout_no_crop", { i: win.i, j: win.j, rows, cols, conv, ...read });
  const r0 = win.i * stride;
  const c0 = win.j * stride;
  const text = t("lab.slide.readout", { i: win.i, j: win.j, r0, r1: r0 + h - 1, c0, c1: c0 + w - 1, fc: data.crop_map[win.i][win.j].map(num).join(", "), conv });
  return win.top !== r0 || win.left !== c0 ? t("text.sentences", { first: text, second: t("lab.slide.readout_shifted", read) }) : text;
}

/**
 * The big input's caption, as its padding really is: SAME's zeros are a ring only when every
 * side gets the same number; an even kernel pads after more than before, and SAME may add none.
 */
export function inputCaption(data) {
  const { bh, bw, c } = data.shape;
  if (data.padding.mode !== "same") return t("lab.slide.input.caption", { bh, bw, c });
  const [top, bottom] = data.padding.rows;
  const [left, right] = data.padding.cols;
  if (top + bottom + left + right === 0) return t("lab.slide.input.padded_none", { bh, bw, c });
  if (top === bottom && top === left && top === right) return t("lab.slide.input.padded", { bh, bw, c, n: top });
  return t("lab.slide.input.padded_sides", { bh, bw, c, top, bottom, left, right });
}

export function mountLabSlide(root, store) {
  const bigRoot = root.querySelector('[data-testid="big-grids"]');
  const mapRoot = root.querySelector('[data-testid="map-grids"]');
  const bigCaption = root.querySelector('[data-testid="big-caption"]');
  const mapCaption = root.querySelector('[data-testid="map-caption"]');
  const why = root.querySelector('[data-testid="pitfall-why"]');
  const proofRows = root.querySelector('[data-testid="lab-proof-rows"]');
  const readout = root.querySelector('[data-testid="slide-readout"]');
  const narrator = createNarrator(root.querySelector('[data-testid="lab-narration"]'), store);
  enableGridNavigation(bigRoot);
  enableGridNavigation(mapRoot);
  for (const radio of root.querySelectorAll('input[name="pitfall"]')) {
    radio.addEventListener("change", () => store.set({ pitfall: radio.value, step: store.walkStart }));
  }

  let cells = null;
  let key = "";

  function build(data) {
    const { bh, bw, c } = data.shape;
    const [top, bottom] = data.padding.rows;
    const [left, right] = data.padding.cols;
    const [rows, cols] = data.conv_map_shape;
    const k = data.conv_map[0][0].length;
    // A slide sizes its cells from the room it has and these counts (SAME's ring makes the grids larger).
    const counts = { "input-rows": top + bh + bottom, "input-cols": left + bw + right, "input-channels": c, "map-rows": rows, "map-cols": cols, "map-channels": k };
    for (const [name, value] of Object.entries(counts)) root.style.setProperty(`--${name}`, String(value));
    cells = { x: [], pad: [], map: [] };
    bigRoot.replaceChildren();
    for (let ch = 0; ch < c; ch += 1) {
      // SAME padding is drawn as a ring of zeros, so the window can be seen leaving the image.
      bigRoot.append(
        channelCard(t("mixer.channel", { c: ch }), top + bh + bottom, left + bw + right, (gi, gj) => {
          const i = gi - top;
          const j = gj - left;
          if (i < 0 || i >= bh || j < 0 || j >= bw) {
            const cell = padCell(`bpad-${i}-${j}-${ch}`);
            cells.pad.push({ cell, i, j });
            return cell;
          }
          const cell = editableCell({
            testid: `bx-${i}-${j}-${ch}`,
            label: t("mixer.cell_label", { name: "x", index: `${i}, ${j}, ${ch}` }),
            onCommit: (v) => store.edit("x", (i * bw + j) * c + ch, v),
          });
          cells.x.push({ cell, i, j, ch });
          return cell;
        }),
      );
    }
    mapRoot.replaceChildren();
    for (let m = 0; m < k; m += 1) {
      mapRoot.append(
        channelCard(t("mixer.channel", { c: m }), rows, cols, (i, j) => {
          const cell = valueCell({
            testid: `map-${i}-${j}-${m}`,
            label: (v, note) => (note ? t("text.labelled", { label: `y[${i}, ${j}, ${m}] = ${num(v)}`, value: note }) : `y[${i}, ${j}, ${m}] = ${num(v)}`),
            onHover: (on) => store.setUi({ hover: on ? { kind: "map", p: i * cols + j } : null }),
          });
          cells.map.push({ cell, i, j, m, pendingLabel: t("text.labelled", { label: `y[${i}, ${j}, ${m}]`, value: t("mixer.pending") }) });
          return cell;
        }),
      );
    }
  }

  function fill(data) {
    const xLimit = limitOf(data.x);
    for (const { cell, i, j, ch } of cells.x) cell.set(data.x[i][j][ch], xLimit);
    const { bh, bw, c } = data.shape;
    const [rows, cols] = data.conv_map_shape;
    bigCaption.textContent = inputCaption(data);
    mapCaption.textContent = t("lab.slide.map.caption", { rows, cols, k: data.conv_map[0][0].length });
    for (const radio of root.querySelectorAll('input[name="pitfall"]')) radio.checked = radio.value === data.pitfall;
    why.textContent = t(`lab.pitfall.why.${pitfallCase(data)}`, {
      order: data.order === "hwc" ? t("lab.order.hwc") : t("lab.order.chw"),
      rows,
      cols,
      h: data.shape.h,
      w: data.shape.w,
      top: data.padding.rows[0],
      left: data.padding.cols[0],
      extra: count(data.extra_outputs),
    });
    proofRows.replaceChildren(
      proofRow("lab-proof-diff", t("lab.proof.diff"), data.max_abs_diff),
      Object.assign(document.createElement("li"), {
        className: `proof-plain ${data.extra_outputs ? "proof-bad" : ""}`,
        textContent: t("text.labelled", { label: t("lab.proof.extra"), value: count(data.extra_outputs) }),
      }),
      Object.assign(document.createElement("li"), {
        className: "proof-plain proof-note",
        textContent: t("lab.proof.sizes", { valid: data.map_shape.join("×"), actual: data.conv_map_shape.join("×") }),
      }),
    );
    proofRows.children[1].dataset.testid = "lab-proof-extra";
    proofRows.closest(".proof").classList.toggle("failing", data.max_abs_diff > TOLERANCE || data.extra_outputs > 0);
  }

  function highlight(state, data, ui) {
    const p = focusPosition(state, data, ui);
    const walking = ui.hover?.kind !== "map" && state.step !== null && state.step < mapPositions(data);
    const win = p === null ? null : windowOf(data, p);
    for (const { cell, i, j } of [...cells.x, ...cells.pad]) {
      const inside = win && i >= win.top && i <= win.bottom && j >= win.left && j <= win.right;
      cell.element.classList.toggle("window", Boolean(inside));
    }
    const limit = limitOf(data.conv_map);
    const cols = data.conv_map_shape[1];
    for (const { cell, i, j, m, pendingLabel } of cells.map) {
      const q = i * cols + j;
      const pending = walking && q > state.step;
      const state_ = verdict(data, i, j);
      cell.element.classList.toggle("current", q === p);
      cell.element.classList.toggle("wrong", !pending && state_ === "wrong");
      cell.element.classList.toggle("no-crop", !pending && state_ === "no-crop");
      if (pending) cell.clear(pendingLabel);
      else cell.set(data.conv_map[i][j][m], limit, state_ === "ok" ? null : t(state_ === "wrong" ? "lab.slide.wrong" : "lab.slide.no_crop"));
    }
    const text = win ? readoutText(data, win) : "";
    const shown = text || t("lab.slide.readout_idle");
    if (readout.textContent !== shown) readout.textContent = shown;
    readout.classList.toggle("idle", !text);
    narrate(state, data, ui, text);
  }

  // The walk-through's steps (not the hovers: a focused cell says its own value) go to the
  // live region, once per step and answer; so does reaching the end, after a step.
  let narrated = null; // [answer, step] last said
  function narrate(state, data, ui, text) {
    if (ui.hover?.kind === "map" || state.step === null) return;
    if (narrated && narrated[0] === data && narrated[1] === state.step) return;
    const total = mapPositions(data);
    if (state.step < total) narrator.say(text);
    else if (narrated && narrated[1] < total) narrator.say(t("lab.slide.done", { total }));
    narrated = [data, state.step];
  }

  store.subscribe(({ state, data, ui, changed }) => {
    if (!data) return;
    if (changed === "data") {
      const next = JSON.stringify([data.shape, data.padding, data.conv_map_shape, data.conv_map[0][0].length]);
      if (next !== key) {
        key = next;
        build(data);
      }
      fill(data);
    }
    highlight(state, data, ui);
  });
}
