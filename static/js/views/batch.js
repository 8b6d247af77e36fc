// Pixels as a batch: X (HW×C_in) · Wᵀ (C_in×C_out) + b = Y (HW×C_out), as tables.

import { limitOf } from "../colors.js";
import { t } from "../i18n.js";
import { numberWriter } from "./cells.js";
import { setText } from "./dom.js";
import { currentPixel, related } from "./mixer.js";

/** A table of numbers; returns it with `rows`: per body row, its <tr> and one writer per number cell. */
function matrixTable(testid, caption, rows, rowLabels, colLabels, limit) {
  const table = document.createElement("table");
  table.className = "matrix";
  table.dataset.testid = testid;
  const cap = document.createElement("caption");
  cap.textContent = caption;
  table.append(cap);
  const head = table.createTHead().insertRow();
  head.append(document.createElement("td")); // the corner heads nothing: an empty <th> would be a header without a name
  for (const label of colLabels) {
    const th = document.createElement("th");
    th.scope = "col";
    th.textContent = label;
    head.append(th);
  }
  const body = table.createTBody();
  const written = rows.map((values, r) => {
    const tr = body.insertRow();
    const th = document.createElement("th");
    th.scope = "row";
    th.textContent = rowLabels[r] ?? "";
    tr.append(th);
    const cells = values.map((v) => {
      const td = tr.insertCell();
      const write = numberWriter(td);
      write(v, limit);
      return { td, write };
    });
    return { tr, cells };
  });
  return { table, rows: written };
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
  let lastLit = null; // the pixel and hover the highlights show

  // Same shape: rewrite, in place, only the numbers that changed (rebuilding the
  // tables cost a full layout on every edit).
  function refill(data) {
    const wT = data.weight[0].map((_, c) => data.weight.map((row) => row[c]));
    const wLimit = limitOf([data.weight, data.bias], "w");
    const sources = [
      [tables.x, data.batch.rows, limitOf(data.batch.rows, "x")],
      [tables.wT, wT, wLimit],
      [tables.b, [data.bias], wLimit],
      [tables.y, data.batch.out, limitOf(data.batch.out, "y")],
    ];
    for (const [table, rows, limit] of sources) {
      table.rows.forEach(({ cells }, r) => {
        const values = rows[r];
        for (let k = 0; k < cells.length; k += 1) cells[k].write(values[k], limit);
      });
    }
  }

  function render(data) {
    const { h, w, cin, cout } = data.shape;
    const pixelLabels = Array.from({ length: h * w }, (_, p) => `(${Math.floor(p / w)}, ${p % w})`);
    const wT = Array.from({ length: cin }, (_, c) => data.weight.map((row) => row[c]));
    const wLimit = limitOf([data.weight, data.bias], "w");
    setText(prose, t("batch.prose", { rows: h * w, cin, cout }));
    tables = {
      x: matrixTable("batch-x", `X  ${h * w}×${cin}`, data.batch.rows, pixelLabels, Array.from({ length: cin }, (_, c) => `c${c}`), limitOf(data.batch.rows, "x")),
      wT: matrixTable("batch-wt", `Wᵀ  ${cin}×${cout}`, wT, Array.from({ length: cin }, (_, c) => `c${c}`), Array.from({ length: cout }, (_, o) => `o${o}`), wLimit),
      b: matrixTable("batch-b", `b  1×${cout}`, [data.bias], ["b"], Array.from({ length: cout }, (_, o) => `o${o}`), wLimit),
      y: matrixTable("batch-y", `Y  ${h * w}×${cout}`, data.batch.out, pixelLabels, Array.from({ length: cout }, (_, o) => `o${o}`), limitOf(data.batch.out, "y")),
    };
    equation.replaceChildren(tables.x.table, symbol("·"), tables.wT.table, symbol("+"), tables.b.table, symbol("="), tables.y.table);
    lastLit = null;
  }

  // Highlights follow the walk-through's pixel and the hover; only a change of
  // either touches the tables.
  function highlight(state, data, ui) {
    const p = currentPixel(state, data);
    const key = `${p}|${JSON.stringify(ui.hover)}`;
    if (key === lastLit) return;
    lastLit = key;
    const lit = related(ui.hover);
    for (const [name, table] of [["x", tables.x], ["y", tables.y]]) {
      table.rows.forEach(({ tr, cells }, r) => {
        tr.classList.toggle("current", r === p);
        cells.forEach(({ td }, k) => td.classList.toggle("lit", name === "x" ? lit.x(r, k) : lit.y(r, k)));
      });
    }
  }

  // Below the mixer on most screens: while it is off the screen, drawn after the views on it.
  store.subscribe(
    ({ state, data, ui, changed }) => {
      if (!data) return;
      if (changed === "data") {
        const key = JSON.stringify(data.shape);
        if (key === shapeKey) refill(data);
        else render(data);
        shapeKey = key;
      }
      highlight(state, data, ui);
    },
    { root },
  );
}
