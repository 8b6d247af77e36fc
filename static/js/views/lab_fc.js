// The FC side of the lab: the volume under the window, FC1 (editable) and its
// output, FC2 (editable) and the head's output; and FC1's rows drawn as the K
// kernels the conversion uses.

import { limitOf } from "../colors.js";
import { num } from "../format.js";
import { t } from "../i18n.js";
import { editableCell, valueCell } from "./cells.js";
import { channelCard, el } from "./dom.js";
import { enableGridNavigation } from "./grid_nav.js";
import { focusPosition } from "./lab_slide.js";

/** Row, column and channel of each input of FC1, in the flatten order FC1 was trained with. */
function flatPositions(h, w, c, order) {
  const out = [];
  for (let n = 0; n < h * w * c; n += 1) {
    if (order === "hwc") out.push([Math.floor(n / (w * c)), Math.floor(n / c) % w, n % c]);
    else out.push([Math.floor(n / w) % h, n % w, Math.floor(n / (h * w))]);
  }
  return out;
}

/** The crop the FC layer reads for map position p: crop (i, j), or the last one for outputs beyond the crops. */
function cropFor(data, p) {
  const [rows, cols] = data.map_shape;
  if (p === null) return [0, 0];
  const mapCols = data.conv_map_shape[1];
  return [Math.min(Math.floor(p / mapCols), rows - 1), Math.min(p % mapCols, cols - 1)];
}

function vectorColumn(testid, values, limit, name) {
  const column = el("div", "grid vector");
  values.forEach((v, k) => {
    const cell = valueCell({ testid: `${testid}-${k}`, label: (value) => `${name}[${k}] = ${num(value)}` });
    cell.set(v, limit);
    column.append(cell.element);
  });
  return column;
}

function figure(title, caption, body) {
  const node = el("figure", "block");
  const cap = el("figcaption");
  cap.append(el("span", "block-title", title));
  if (caption) cap.append(" ", el("span", "block-caption", caption));
  node.append(cap, body);
  return node;
}

export function mountLabFc(fcRoot, kernelRoot, store) {
  const body = fcRoot.querySelector('[data-testid="lab-fc-body"]');
  const kernelList = kernelRoot.querySelector('[data-testid="kernel-list"]');
  const warning = kernelRoot.querySelector('[data-testid="kernels-warning"]');
  enableGridNavigation(body);

  // An editable matrix (rows × cols) with its bias column; edits go to list fields `name` and `biasName`.
  function matrix({ name, biasName, values, bias, rowLabel, colLabels }) {
    const limit = limitOf([values, bias]);
    const cols = colLabels.length;
    const grid = el("div", "grid weight-grid compact");
    grid.dataset.grid = "";
    grid.style.gridTemplateColumns = `auto repeat(${cols}, var(--cell)) 0.5rem var(--cell)`;
    grid.append(el("span", "axis-label", ""));
    for (const text of colLabels) grid.append(el("span", "axis-label col-label", text));
    grid.append(el("span"), el("span", "axis-label", "b"));
    values.forEach((row, r) => {
      grid.append(el("span", "axis-label row-label", `${rowLabel}${r}`));
      row.forEach((v, c) => {
        const cell = editableCell({ testid: `${name}-${r}-${c}`, label: t("mixer.cell_label", { name, index: `${r}, ${c}` }), onCommit: (x) => store.edit(name, r * cols + c, x) });
        cell.set(v, limit);
        Object.assign(cell.element.dataset, { row: String(r), col: String(c) });
        grid.append(cell.element);
      });
      grid.append(el("span"));
      const b = editableCell({ testid: `${biasName}-${r}`, label: t("mixer.cell_label", { name: biasName, index: `${r}` }), onCommit: (x) => store.edit(biasName, r, x) });
      b.set(bias[r], limit);
      b.element.classList.add("bias-cell");
      Object.assign(b.element.dataset, { row: String(r), col: String(cols + 1) });
      grid.append(b.element);
    });
    return el("div", "table-scroll").appendChild(grid).parentNode;
  }

  function renderFc(state, data, ui) {
    const { h, w, c, k, k2 } = data.shape;
    const [vi, vj] = cropFor(data, focusPosition(state, data, ui));
    const top = vi * data.shape.stride;
    const left = vj * data.shape.stride;
    const volume = el("div", "channel-stack");
    const xLimit = limitOf(data.x);
    for (let ch = 0; ch < c; ch += 1) {
      volume.append(
        channelCard(t("mixer.channel", { c: ch }), h, w, (a, b) => {
          const cell = valueCell({ testid: `crop-${a}-${b}-${ch}`, label: (v) => `x[${top + a}, ${left + b}, ${ch}] = ${num(v)}` });
          cell.set(data.x[top + a][left + b][ch], xLimit);
          return cell;
        }),
      );
    }
    const labels = flatPositions(h, w, c, data.order).map(([a, b, ch]) => `${a},${b},${ch}`);
    const order = data.order === "hwc" ? t("lab.order.hwc") : t("lab.order.chw");
    const parts = [
      figure(t("lab.fc.volume", { i: top, j: left }), `${h}×${w}×${c}`, volume),
      figure(t("lab.fc.weights", { k, n: h * w * c, order }), "", matrix({ name: "fc1", biasName: "b1", values: data.fc1, bias: data.b1, rowLabel: "k", colLabels: labels })),
      figure(t("lab.fc.hidden"), "", vectorColumn("hidden", data.hidden_map[vi][vj], limitOf(data.hidden_map), "h")),
    ];
    if (k2 > 0) {
      const colLabels = Array.from({ length: k }, (_, n) => `k${n}`);
      parts.push(figure(t("lab.fc.weights2", { k2, k }), "", matrix({ name: "fc2", biasName: "b2", values: data.fc2, bias: data.b2, rowLabel: "m", colLabels })));
    }
    parts.push(figure(t("lab.fc.output"), "", vectorColumn("head", data.crop_map[vi][vj], limitOf(data.crop_map), "y")));
    const focused = body.contains(document.activeElement) ? document.activeElement.dataset.testid : null;
    body.replaceChildren(...parts);
    if (focused) body.querySelector(`[data-testid="${focused}"]`)?.focus();
  }

  function renderKernels(data) {
    const { h, w, c } = data.shape;
    const limit = limitOf(data.kernels);
    warning.hidden = data.pitfall !== "order";
    kernelList.replaceChildren(
      ...data.kernels.map((kernel, k) => {
        const card = el("div", "kernel-card");
        card.append(el("div", "block-title", t("lab.kernels.kernel", { k })));
        const stack = el("div", "kernel-channels");
        for (let ch = 0; ch < c; ch += 1) {
          stack.append(
            channelCard(t("mixer.channel", { c: ch }), h, w, (a, b) => {
              const cell = valueCell({ testid: `kernel-${k}-${a}-${b}-${ch}`, label: (v) => `${t("lab.kernels.kernel", { k })}[${a}, ${b}, ${ch}] = ${num(v)}` });
              cell.set(kernel[a][b][ch], limit);
              return cell;
            }),
          );
        }
        card.append(stack);
        return card;
      }),
    );
  }

  let lastFocus = null;
  store.subscribe(({ state, data, ui, changed }) => {
    if (!data) return;
    const focus = JSON.stringify(cropFor(data, focusPosition(state, data, ui)));
    if (changed === "data") renderKernels(data);
    if (changed === "data" || focus !== lastFocus) renderFc(state, data, ui);
    lastFocus = focus;
  });
}
