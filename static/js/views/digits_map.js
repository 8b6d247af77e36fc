// The digits view's score map: one column per position of the 8×8 window, its winning
// class on top and the eleven probabilities below; beside it, the chosen window's scores
// from the FC head and from the convolutions, the proof that they agree and what each costs.
// A position is chosen by hover (a preview), click, tap or the arrow keys (the top row is one
// Tab stop); the canvas outlines its window.

import { count, num } from "../format.js";
import { t } from "../i18n.js";
import { el, setText } from "./dom.js";
import { proofRow } from "./proof.js";

const MOVES = { ArrowLeft: -1, ArrowRight: 1, Home: -Infinity, End: Infinity };

/** A class's name: its digit, or "no digit". */
export function className(data, k) {
  return k === data.shape.none ? t("digits.class.none") : String(k);
}

/** A probability in whole percent, never rounded to a certainty it is not: "> 99 %", "< 1 %". */
function percent(p) {
  const whole = Math.round(p * 100);
  if (whole === 100 && p < 1) return "> 99 %";
  if (whole === 0 && p > 0) return "< 1 %";
  return `${whole} %`;
}

export function mountDigitsMap(root, store, selection) {
  const part = (testid) => root.querySelector(`[data-testid="${testid}"]`);
  const map = part("digits-map");
  let heads = [];
  let built = null;

  function build(data) {
    const { positions, classes } = data.shape;
    const head = el("thead");
    const top = head.insertRow();
    const corner = el("th", "digits-row-name", t("digits.map.reads"));
    corner.scope = "row";
    top.append(corner);
    heads = [];
    for (let j = 0; j < positions; j += 1) {
      const th = el("th", "digits-winner");
      th.scope = "col";
      th.tabIndex = -1;
      th.dataset.position = String(j);
      th.dataset.testid = `map-winner-${j}`;
      heads.push(th);
      top.append(th);
    }
    const body = el("tbody");
    for (let k = 0; k < classes; k += 1) {
      const tr = body.insertRow();
      const name = el("th", "digits-row-name", className(data, k));
      name.scope = "row";
      tr.append(name);
      for (let j = 0; j < positions; j += 1) {
        const td = el("td", "digits-p");
        td.dataset.position = String(j);
        td.dataset.testid = `map-p-${k}-${j}`;
        td.append(el("span", "visually-hidden"));
        tr.append(td);
      }
    }
    const hadFocus = map.contains(document.activeElement);
    map.replaceChildren(head, body);
    map.style.setProperty("--positions", String(positions));
    built = `${positions}x${classes}`;
    if (hadFocus) heads[Math.min(selection.position, positions - 1)]?.focus();
  }

  function fill(data) {
    const { positions, classes } = data.shape;
    for (let j = 0; j < positions; j += 1) {
      const winner = data.winners[j];
      const th = heads[j];
      const none = winner === data.shape.none;
      setText(th, none ? "·" : String(winner));
      th.classList.toggle("none", none);
      th.setAttribute("aria-label", t("digits.map.position", { position: j, reads: className(data, winner), p: percent(data.probabilities[j][winner]) }));
      th.style.setProperty("--p", String(data.probabilities[j][winner]));
    }
    for (const td of map.querySelectorAll("td.digits-p")) {
      const j = Number(td.dataset.position);
      const k = td.parentElement.rowIndex - 1;
      if (k < 0 || k >= classes) continue;
      const p = data.probabilities[j][k];
      td.style.setProperty("--p", String(p));
      td.classList.toggle("won", data.winners[j] === k);
      setText(td.firstChild, percent(p));
    }
  }

  function shown() {
    return store.ui.hover?.position ?? selection.position;
  }

  function readout(data) {
    const j = Math.min(shown(), data.shape.positions - 1);
    const first = j * data.shape.stride;
    const winner = data.winners[j];
    setText(part("readout-heading"), t("digits.readout.heading", { from: first, to: first + data.shape.window - 1, position: j }));
    setText(part("readout-verdict"), t(winner === data.shape.none ? "digits.readout.none" : "digits.readout.digit", { digit: winner, p: percent(data.probabilities[j][winner]), position: j }));
    const table = part("readout-scores");
    const head = el("thead");
    const top = head.insertRow();
    for (const key of ["digits.scores.class", "digits.scores.fc", "digits.scores.conv", "digits.scores.p"]) {
      const th = el("th", null, t(key));
      th.scope = "col";
      top.append(th);
    }
    const body = el("tbody");
    for (let k = 0; k < data.shape.classes; k += 1) {
      const tr = body.insertRow();
      tr.classList.toggle("won", k === winner);
      tr.dataset.testid = `score-${k}`;
      const name = el("th", null, className(data, k));
      name.scope = "row";
      tr.append(name, el("td", null, num(data.fc_scores[j][k])), el("td", null, num(data.scores[j][k])), el("td", null, percent(data.probabilities[j][k])));
    }
    table.replaceChildren(head, body);
    const chosen = Math.min(selection.position, heads.length - 1);
    heads.forEach((th, k) => {
      th.classList.toggle("current", k === j);
      th.tabIndex = k === chosen ? 0 : -1;
    });
  }

  function facts(data) {
    const { held_out_right: right, held_out: total } = data.network;
    setText(part("digits-network"), t("digits.network", { hidden: data.shape.hidden, right, total, percent: ((100 * right) / total).toFixed(1) }));
    setText(part("digits-map-caption"), t("digits.map.caption", { positions: data.shape.positions, stride: data.shape.stride, window: data.shape.window }));
    part("digits-proof-rows").replaceChildren(
      proofRow("digits-proof-row", t("digits.proof.row", { positions: data.shape.positions }), data.max_abs_diff, { differenceKey: "digits.proof.diff" }),
    );
    setText(part("digits-cost"), t("digits.cost", { windows: data.cost.fc_passes, per: count(data.cost.per_window), total: count(data.cost.macs) }));
  }

  function choose(j, { focus = false } = {}) {
    const positions = store.data.shape.positions;
    selection.position = Math.max(0, Math.min(positions - 1, j));
    store.setUi({ hover: null });
    if (focus) heads[selection.position].focus();
  }

  map.addEventListener("pointerover", (event) => {
    const cell = event.target.closest("[data-position]");
    if (cell && event.pointerType === "mouse") store.setUi({ hover: { position: Number(cell.dataset.position) } });
  });
  map.addEventListener("pointerleave", () => store.ui.hover && store.setUi({ hover: null }));
  map.addEventListener("click", (event) => {
    const cell = event.target.closest("[data-position]");
    if (cell) choose(Number(cell.dataset.position));
  });
  map.addEventListener("keydown", (event) => {
    const move = MOVES[event.key];
    if (move === undefined || !event.target.matches("th[data-position]")) return;
    choose(selection.position + (Number.isFinite(move) ? move : move > 0 ? heads.length : -heads.length), { focus: true });
    event.preventDefault();
  });
  map.addEventListener("focusin", (event) => {
    const cell = event.target.closest("th[data-position]");
    if (cell && Number(cell.dataset.position) !== selection.position) choose(Number(cell.dataset.position));
  });

  store.subscribe(({ data, changed }) => {
    if (!data) return;
    if (changed === "data") {
      if (built !== `${data.shape.positions}x${data.shape.classes}`) build(data);
      fill(data);
      facts(data);
    }
    readout(data);
  });
}
