// The mixer's arithmetic: the current pixel's channel column and, for each
// output channel, its dot product written out with the server's numbers; the
// same sentences, with the server's outputs, go to a live region for screen readers.

import { factor, num } from "../format.js";
import { t } from "../i18n.js";
import { setText } from "./dom.js";
import { currentPixel } from "./mixer.js";
import { createNarrator } from "./narrator.js";

/** One output channel's line, e.g. "0·1 + 1·2 + 1·3 + 8 = 13 → ReLU → 13"; `times` "×" for speech (readers say "·" as "dot"). */
export function arithmeticLine({ weights, column, bias, pre, out, activation }, times = "·") {
  const products = weights.map((wc, c) => `${factor(wc)}${times}${factor(column[c])}`).join(" + ");
  const biasText = bias < 0 ? ` − ${num(-bias)}` : ` + ${num(bias)}`;
  const body = `${products}${biasText} = ${num(pre)}`;
  return activation === "relu" ? `${body} → ReLU → ${num(out)}` : body;
}

export function mountArithmetic(root, store) {
  const arithmetic = root.querySelector('[data-testid="arithmetic"]');
  const narrator = createNarrator(root.querySelector('[data-testid="narration"]'), store);

  let shown = null; // [answer, pixel] written out; a hover changes neither
  let lines = null; // the pixel's line and one equation per output channel, rewritten in place

  // Built once per number of output channels; an edit or a step rewrites only the text that
  // changed (new nodes for each answer cost their style and layout on every edit).
  function build(cout) {
    const intro = document.createElement("p");
    intro.className = "pixel-line";
    intro.dataset.testid = "pixel-line";
    const list = document.createElement("ol");
    list.className = "equations";
    const items = [];
    for (let o = 0; o < cout; o += 1) {
      const item = document.createElement("li");
      item.dataset.testid = `equation-${o}`;
      const name = document.createElement("span");
      name.className = "equation-name";
      const text = document.createElement("span");
      text.className = "equation-body";
      item.append(name, text);
      list.append(item);
      items.push({ name, text });
    }
    arithmetic.replaceChildren(intro, list);
    lines = { intro, items };
  }

  function render(state, data) {
    const p = currentPixel(state, data);
    // Idle says the same whatever the numbers.
    if (shown && (shown[0] === data || p === null) && shown[1] === p) return;
    // Reaching the end of a walk-through is news; what a page opens on (its first pixel, or every
    // pixel done) is not: it is on the screen, and said as the reader moves.
    const opening = shown === null;
    if (p === null && typeof shown?.[1] === "number") narrator.say(t("player.done", { total: data.steps.i.length }));
    shown = [data, p];
    if (p === null) {
      lines = null;
      arithmetic.replaceChildren(Object.assign(document.createElement("p"), { className: "idle", textContent: t("player.idle") }));
      return;
    }
    const steps = data.steps;
    const i = steps.i[p];
    const j = steps.j[p];
    const column = data.x[i][j];
    if (lines?.items.length !== data.shape.cout) build(data.shape.cout);
    setText(lines.intro, t("player.pixel", { i, j, column: column.map(num).join(", ") }));
    const spoken = [];
    for (let o = 0; o < data.shape.cout; o += 1) {
      const terms = { weights: data.weight[o], column, bias: data.bias[o], pre: steps.pre[p][o], out: steps.out[p][o], activation: data.activation };
      const row = t("player.row", { i, j, o });
      setText(lines.items[o].name, `${row} = `);
      setText(lines.items[o].text, arithmeticLine(terms));
      spoken.push(`${row} = ${arithmeticLine(terms, " × ")}.`);
    }
    if (!opening) narrator.say(t("player.live", { i, j, lines: spoken.join(" ") }));
  }

  store.subscribe(({ state, data }) => {
    if (data) render(state, data);
  });
}
