// The connection table as a grid: one row per output map, one column per input map, a lit
// cell where the output map reads the input map. A row is chosen by hover (a preview),
// click, tap or the arrow keys (the row headers are one Tab stop); the choice is `o` in the URL.

import { t } from "../i18n.js";
import { el, setText } from "./dom.js";
import { mapName } from "./table_notation.js";

const MOVES = { ArrowUp: -1, ArrowDown: 1 };

/** The output map the views show: the hovered row while the pointer is on one, else the chosen `o`. */
export function shownMap(state, ui) {
  return ui.hover?.o ?? state.o;
}

export function mountTableGrid(root, store) {
  const grid = root.querySelector('[data-testid="table-grid"]');
  const caption = root.querySelector('[data-testid="table-caption"]');
  let drawn = null; // the table the grid shows, as text: rebuilt only when it changes
  let rows = [];
  let columns = [];

  function build(data) {
    const { cin, cout } = data.shape;
    const head = el("thead");
    const top = head.insertRow();
    top.append(el("td", "corner"));
    columns = [];
    for (let c = 0; c < cin; c += 1) {
      const th = el("th", "in-map", mapName("x", c));
      th.scope = "col";
      th.dataset.testid = `table-col-${c}`;
      columns.push(th);
      top.append(th);
    }
    const body = el("tbody");
    rows = [];
    for (let o = 0; o < cout; o += 1) {
      const tr = body.insertRow();
      tr.dataset.o = String(o);
      tr.dataset.testid = `table-row-${o}`;
      const th = el("th", "out-map", mapName("y", o));
      th.scope = "row";
      th.tabIndex = -1;
      th.dataset.testid = `table-row-head-${o}`;
      tr.append(th);
      for (let c = 0; c < cin; c += 1) {
        const on = data.table[o][c] === 1;
        const td = el("td", on ? "on" : "off");
        td.dataset.testid = `table-cell-${o}-${c}`;
        td.append(el("span", "visually-hidden", t(on ? "table.cell.on" : "table.cell.off")));
        tr.append(td);
      }
      rows.push(tr);
    }
    const hadFocus = grid.contains(document.activeElement);
    grid.replaceChildren(head, body);
    if (hadFocus) rows[Math.min(store.state.o, rows.length - 1)]?.querySelector("th").focus();
  }

  function mark(data, o) {
    rows.forEach((tr, r) => {
      tr.classList.toggle("selected", r === o);
      const th = tr.querySelector("th");
      const stop = r === store.state.o ? 0 : -1;
      if (th.tabIndex !== stop) th.tabIndex = stop;
    });
    columns.forEach((th, c) => th.classList.toggle("read", data.table[o]?.[c] === 1));
  }

  function choose(o, focus) {
    if (o < 0 || o >= rows.length) return;
    if (o !== store.state.o) store.set({ o });
    store.setUi({ hover: null }); // the choice shows at once; the answer for it follows
    if (focus) rows[o].querySelector("th").focus();
  }

  const rowOf = (event) => event.target.closest?.("tr[data-o]");
  grid.addEventListener("pointerover", (event) => {
    const tr = rowOf(event);
    if (tr && event.pointerType === "mouse" && store.ui.hover?.o !== Number(tr.dataset.o)) store.setUi({ hover: { o: Number(tr.dataset.o) } });
  });
  grid.addEventListener("pointerleave", () => store.ui.hover && store.setUi({ hover: null }));
  grid.addEventListener("click", (event) => {
    const tr = rowOf(event);
    if (tr) choose(Number(tr.dataset.o), false);
  });
  grid.addEventListener("focusin", (event) => {
    const tr = rowOf(event);
    if (tr && Number(tr.dataset.o) !== store.state.o) choose(Number(tr.dataset.o), false);
  });
  grid.addEventListener("keydown", (event) => {
    if (!rowOf(event) || event.altKey || event.ctrlKey || event.metaKey) return;
    const last = rows.length - 1;
    const o = store.state.o;
    const target = event.key in MOVES ? o + MOVES[event.key] : event.key === "Home" ? 0 : event.key === "End" ? last : null;
    if (target === null) return;
    event.preventDefault();
    choose(Math.max(0, Math.min(last, target)), true);
  });

  store.subscribe(({ state, data, ui }) => {
    if (!data) return;
    const key = JSON.stringify(data.table);
    if (key !== drawn) {
      build(data);
      drawn = key;
    }
    const { cin, cout, g } = data.shape;
    setText(caption, t("table.grid.caption", { kind: t(`table.kind.${data.kind}`), cout, cin, g, connections: data.counts.connections }));
    mark(data, Math.min(shownMap(state, ui), cout - 1));
  });
}
