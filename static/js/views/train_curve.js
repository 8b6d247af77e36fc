// The three loss curves over the run, as plain SVG, with the current step marked.
// The tied twin's curve lies exactly on the conv's: it is drawn dashed on top, so
// both show; the untied FC's is dotted and falls lower.

import { diff, num } from "../format.js";
import { t } from "../i18n.js";
import { el } from "./dom.js";
import { labelSizeOf } from "./matrix_canvas.js";
import { shownStep } from "./train_models.js";

const SVG = "http://www.w3.org/2000/svg";
// The drawing is as wide as its box (up to 640 units), so its labels keep their size on a phone.
const MAX_WIDTH = 640;
// The margins hold labels of 12px (--label-size 13px); larger labels, a projector's, widen them in
// step. --curve-height, a slide's room, sets the drawing's height: as wide and as tall as its box,
// the drawing is not scaled, so its labels keep their size.
const PAD_AT_LABEL = { left: 56, right: 16, top: 28, bottom: 40 };
const MODELS = ["conv", "tied", "untied"];

function svg(tag, attributes = {}) {
  const node = document.createElementNS(SVG, tag);
  for (const [name, value] of Object.entries(attributes)) node.setAttribute(name, String(value));
  return node;
}

export function mountTrainCurve(root, store) {
  let WIDTH = MAX_WIDTH;
  let HEIGHT = 220;
  let PAD = PAD_AT_LABEL;
  const chart = svg("svg", { viewBox: `0 0 ${WIDTH} ${HEIGHT}`, role: "img", class: "train-curve", "aria-labelledby": "loss-curve-caption loss-curve-summary" });
  const summary = el("p", "visually-hidden");
  summary.id = "loss-curve-summary";
  const legend = el("ul", "curve-legend");
  for (const model of MODELS) {
    const item = el("li", `curve-key curve-${model}`);
    item.append(el("span", "curve-swatch"), el("span", "", t(`train.model.${model}`)));
    legend.append(item);
  }
  root.append(chart, legend, summary);
  let lines = null;
  let scale = null;

  function build(data) {
    WIDTH = Math.round(Math.max(280, Math.min(MAX_WIDTH, root.clientWidth || MAX_WIDTH)));
    chart.replaceChildren();
    HEIGHT = Math.round(parseFloat(window.getComputedStyle(root).getPropertyValue("--curve-height")) || 220);
    const grow = Math.max(1, labelSizeOf(root) / 13);
    PAD = Object.fromEntries(Object.entries(PAD_AT_LABEL).map(([side, pad]) => [side, Math.round(pad * grow)]));
    chart.setAttribute("viewBox", `0 0 ${WIDTH} ${HEIGHT}`);
    const steps = data.steps.length - 1;
    const top = Math.max(...data.steps.map((s) => Math.max(s.loss.conv, s.loss.untied)), 1e-9);
    const x = (k) => PAD.left + (k / Math.max(steps, 1)) * (WIDTH - PAD.left - PAD.right);
    const y = (v) => HEIGHT - PAD.bottom - (v / top) * (HEIGHT - PAD.top - PAD.bottom);
    scale = { x, y };
    const axes = svg("g", { class: "curve-axes" });
    axes.append(svg("line", { x1: PAD.left, y1: y(0), x2: WIDTH - PAD.right, y2: y(0) }), svg("line", { x1: PAD.left, y1: y(0), x2: PAD.left, y2: y(top) }));
    for (const v of [0, top / 2, top]) {
      const label = svg("text", { x: PAD.left - 6, y: y(v) + 4 * grow, "text-anchor": "end" });
      label.textContent = num(v);
      axes.append(label);
    }
    for (const k of [0, Math.round(steps / 2), steps]) {
      const label = svg("text", { x: x(k), y: HEIGHT - PAD.bottom + PAD.bottom * 0.4, "text-anchor": "middle" });
      label.textContent = String(k);
      axes.append(label);
    }
    const name = svg("text", { x: (PAD.left + WIDTH - PAD.right) / 2, y: HEIGHT - 6 * grow, "text-anchor": "middle" });
    name.textContent = t("train.curve.x");
    const lossName = svg("text", { x: PAD.left, y: PAD.top / 2, "text-anchor": "middle" });
    lossName.textContent = t("train.curve.y");
    axes.append(name, lossName);
    chart.append(axes);
    lines = {};
    for (const model of ["conv", "untied", "tied"]) {
      const points = data.steps.map((s, k) => `${x(k).toFixed(1)},${y(s.loss[model]).toFixed(1)}`).join(" ");
      const line = svg("polyline", { points, class: `curve-line curve-${model}`, fill: "none" });
      chart.append(line);
    }
    const marker = svg("line", { class: "curve-marker", y1: PAD.top, y2: y(0) });
    chart.append(marker);
    lines.marker = marker;
    lines.dots = Object.fromEntries(MODELS.map((model) => [model, chart.appendChild(svg("circle", { r: 4, class: `curve-dot curve-${model}` }))]));
    const first = data.steps[0].loss;
    const last = data.steps[steps].loss;
    summary.textContent = t("train.curve.summary", { steps, conv0: diff(first.conv), conv: diff(last.conv), untied: diff(last.untied) });
  }

  function mark(state, data) {
    const k = shownStep(state, data);
    const at = scale.x(k).toFixed(1);
    lines.marker.setAttribute("x1", at);
    lines.marker.setAttribute("x2", at);
    for (const model of MODELS) {
      lines.dots[model].setAttribute("cx", at);
      lines.dots[model].setAttribute("cy", scale.y(data.steps[k].loss[model]).toFixed(1));
    }
  }

  new ResizeObserver(() => {
    const width = Math.round(Math.min(MAX_WIDTH, root.clientWidth));
    if (store.data && lines && Math.abs(width - WIDTH) > 8) {
      build(store.data);
      mark(store.state, store.data);
    }
  }).observe(root);
  // Presentation mode changes the labels' size and the drawing's height, not always its width.
  window.addEventListener("onebyone:layout", () => {
    if (!store.data || !lines) return;
    build(store.data);
    mark(store.state, store.data);
  });

  store.subscribe(({ state, data, changed }) => {
    if (!data || changed === "ui") return;
    if (changed === "data" || !lines) build(data);
    mark(state, data);
  });
}
