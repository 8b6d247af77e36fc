// "Show as a table" under a figure drawn on a canvas or by plotly.js: the button opens a box
// with the figure's numbers as a table, for screen readers and for anyone who would rather
// read numbers than compare colours. The table is built only while the box is open (and again
// with each answer then): a 512×512 matrix costs nothing while nobody reads it.

import { t } from "../i18n.js";
import { el } from "./dom.js";

/** Wire `button` to open and close `box`; `draw()` returns the table (or null without an answer). Returns `update()` for new answers. */
export function mountTableToggle(button, box, draw) {
  let open = false;
  const render = () => {
    if (open) box.replaceChildren(...[draw()].filter(Boolean));
  };
  button.addEventListener("click", () => {
    open = !open;
    box.hidden = !open;
    button.setAttribute("aria-expanded", String(open));
    button.textContent = t(open ? "table.hide" : "table.show");
    if (open) render();
    else box.replaceChildren();
  });
  return { update: render };
}

/**
 * A table of numbers: `columns` are the header texts, each row's first cell is its row header.
 * A cell is its text, or `{ text, className }`. The caption gets `captionId`, which names the box.
 */
export function numbersTable(captionId, caption, columns, rows) {
  const table = el("table", "numbers");
  const cap = table.createCaption();
  cap.id = captionId;
  cap.textContent = caption;
  const head = table.createTHead().insertRow();
  for (const text of columns) head.append(Object.assign(el("th", "", text), { scope: "col" }));
  const body = table.createTBody();
  for (const cells of rows) {
    const tr = body.insertRow();
    cells.forEach((cell, n) => {
      const { text, className = "" } = typeof cell === "object" ? cell : { text: cell };
      tr.append(n === 0 ? Object.assign(el("th", className, text), { scope: "row" }) : el("td", className, text));
    });
  }
  return table;
}
