// Pixels as a batch: X (HW×C_in) · Wᵀ (C_in×C_out) + b = Y (HW×C_out), as tables.

import { fill, ink, limitOf } from "../colors.js";
import { num } from "../format.js";
import { t } from "../i18n.js";
import { currentPixel, related } from "./mixer.js";

function matrixTable(testid, caption, rows, rowLabels, colLabels, limit) {
  const table = document.createElement("table");
  table.className = "matrix";
  table.dataset.testid = testid;
  const cap = document.createElement("caption");
  cap.textContent = caption;
  table.append(cap);
  const head = table.createTHead().insertRow();
  head.append(document.createElement("th"));
  for (const label of colLabels) {
    const th = document.createElement("th");
    th.scope = "col";
    th.textContent = label;
    head.append(th);
  }
  const body = table.createTBody();
  rows.forEach((values, r) => {
    const tr = body.insertRow();
    const th = document.createElement("th");
    th.scope = "row";
    th.textContent = rowLabels[r] ?? "";
    tr.append(th);
    for (const v of values) {
      const td = tr.insertCell();
      td.textContent = num(v);
      td.style.background = fill(v, limit);
      td.style.color = ink(v, limit);
    }
  });
  return table;
}

function symbol(text) {
  const span = document.createElement("span");
  span.className = "operator";
  span.setAttribute("aria-hidden", "true");
  span.textContent = text;
  return span;
}

export function mountBatch(root, store) {
  const prose = root.querySelector('[data-testid="batch-prose"]');
  const equation = root.querySelector('[data-testid="batch-equation"]');
  let tables = null;
  let shapeKey = "";

  // Same shape: rewrite numbers and colours in place (rebuilding the tables
  // costs a full layout on every edit).
  function refill(data) {
    const wT = data.weight[0].map((_, c) => data.weight.map((row) => row[c]));
    const wLimit = limitOf([data.weight, data.bias]);
    const sources = [
      [tables.x, data.batch.rows, limitOf(data.batch.rows)],
      [tables.wT, wT, wLimit],
      [tables.b, [data.bias], wLimit],
      [tables.y, data.batch.out, limitOf(data.batch.out)],
    ];
    for (const [table, rows, limit] of sources) {
      [...table.tBodies[0].rows].forEach((tr, r) => {
        [...tr.cells].slice(1).forEach((td, k) => {
          const v = rows[r][k];
          td.textContent = num(v);
          td.style.background = fill(v, limit);
          td.style.color = ink(v, limit);
        });
      });
    }
  }

  function render(data) {
    const { h, w, cin, cout } = data.shape;
    const pixelLabels = Array.from({ length: h * w }, (_, p) => `(${Math.floor(p / w)}, ${p % w})`);
    const wT = Array.from({ length: cin }, (_, c) => data.weight.map((row) => row[c]));
    const wLimit = limitOf([data.weight, data.bias]);
    prose.textContent = t("batch.prose", { rows: h * w, cin, cout });
    tables = {
      x: matrixTable("batch-x", `X  ${h * w}×${cin}`, data.batch.rows, pixelLabels, Array.from({ length: cin }, (_, c) => `c${c}`), limitOf(data.batch.rows)),
      wT: matrixTable("batch-wt", `Wᵀ  ${cin}×${cout}`, wT, Array.from({ length: cin }, (_, c) => `c${c}`), Array.from({ length: cout }, (_, o) => `o${o}`), wLimit),
      b: matrixTable("batch-b", `b  1×${cout}`, [data.bias], ["b"], Array.from({ length: cout }, (_, o) => `o${o}`), wLimit),
      y: matrixTable("batch-y", `Y  ${h * w}×${cout}`, data.batch.out, pixelLabels, Array.from({ length: cout }, (_, o) => `o${o}`), limitOf(data.batch.out)),
    };
    equation.replaceChildren(tables.x, symbol("·"), tables.wT, symbol("+"), tables.b, symbol("="), tables.y);
  }

  function highlight(state, data, ui) {
    const p = currentPixel(state, data);
    const lit = related(ui.hover);
    for (const [name, table] of [["x", tables.x], ["y", tables.y]]) {
      [...table.tBodies[0].rows].forEach((tr, r) => {
        tr.classList.toggle("current", r === p);
        [...tr.cells].slice(1).forEach((td, k) => td.classList.toggle("lit", name === "x" ? lit.x(r, k) : lit.y(r, k)));
      });
    }
  }

  store.subscribe(({ state, data, ui, changed }) => {
    if (!data) return;
    if (changed === "data") {
      const key = JSON.stringify(data.shape);
      if (key === shapeKey) refill(data);
      else render(data);
      shapeKey = key;
    }
    highlight(state, data, ui);
  });
}
