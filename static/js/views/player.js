// The walk-through: play, pause, step and scrub over the pixels, and the
// arithmetic of the current pixel written out with the server's numbers.

import { factor, num } from "../format.js";
import { t } from "../i18n.js";
import { currentPixel } from "./mixer.js";

const reducedMotion = window.matchMedia("(prefers-reduced-motion: reduce)");

/** One output channel's line, e.g. "0·1 + 1·2 + 1·3 + 8 = 13 → ReLU → 13". */
export function arithmeticLine({ weights, column, bias, pre, out, activation }) {
  const products = weights.map((wc, c) => `${factor(wc)}·${factor(column[c])}`).join(" + ");
  const biasText = bias < 0 ? ` − ${num(-bias)}` : ` + ${num(bias)}`;
  const body = `${products}${biasText} = ${num(pre)}`;
  return activation === "relu" ? `${body} → ReLU → ${num(out)}` : body;
}

export function mountPlayer(root, store) {
  const play = root.querySelector('[data-testid="play"]');
  const back = root.querySelector('[data-testid="step-back"]');
  const forward = root.querySelector('[data-testid="step-forward"]');
  const scrub = root.querySelector('[data-testid="scrub"]');
  const speed = root.querySelector('[data-testid="speed"]');
  const position = root.querySelector('[data-testid="position"]');
  const arithmetic = root.querySelector('[data-testid="arithmetic"]');
  const narration = root.querySelector('[data-testid="narration"]');
  let timer = null;

  const total = () => store.data?.steps.i.length ?? 0;
  const stepOf = () => store.state.step ?? total();

  function go(step) {
    store.setStep(Math.max(0, Math.min(total(), step)));
  }

  function tick() {
    const next = stepOf() + 1;
    if (next >= total()) {
      go(total());
      stop();
      return;
    }
    go(next);
  }

  function start() {
    if (!store.data) return;
    if (stepOf() >= total()) go(0);
    store.setUi({ playing: true });
    timer = window.setInterval(tick, Number(speed.value) * (reducedMotion.matches ? 1.5 : 1));
  }

  function stop() {
    window.clearInterval(timer);
    timer = null;
    if (store.ui.playing) store.setUi({ playing: false });
  }

  play.addEventListener("click", () => (timer ? stop() : start()));
  back.addEventListener("click", () => {
    stop();
    go(stepOf() - 1);
  });
  forward.addEventListener("click", () => {
    stop();
    go(stepOf() >= total() ? 0 : stepOf() + 1);
  });
  scrub.addEventListener("input", () => {
    stop();
    go(Number(scrub.value));
  });
  speed.addEventListener("change", () => {
    if (timer) {
      stop();
      start();
    }
  });

  function renderArithmetic(state, data) {
    const p = currentPixel(state, data);
    if (p === null) {
      arithmetic.replaceChildren(Object.assign(document.createElement("p"), { className: "idle", textContent: t("player.idle") }));
      return;
    }
    const steps = data.steps;
    const i = steps.i[p];
    const j = steps.j[p];
    const column = data.x[i][j];
    const intro = document.createElement("p");
    intro.className = "pixel-line";
    intro.dataset.testid = "pixel-line";
    intro.textContent = t("player.pixel", { i, j, column: column.map(num).join(", ") });
    const list = document.createElement("ol");
    list.className = "equations";
    const spoken = [];
    for (let o = 0; o < data.shape.cout; o += 1) {
      const line = arithmeticLine({ weights: data.weight[o], column, bias: data.bias[o], pre: steps.pre[p][o], out: steps.out[p][o], activation: data.activation });
      const item = document.createElement("li");
      item.dataset.testid = `equation-${o}`;
      const name = document.createElement("span");
      name.className = "equation-name";
      name.textContent = `${t("player.row", { i, j, o })} = `;
      const text = document.createElement("span");
      text.className = "equation-body";
      text.textContent = line;
      item.append(name, text);
      list.append(item);
      spoken.push(`${t("player.row", { i, j, o })} = ${line}.`);
    }
    arithmetic.replaceChildren(intro, list);
    narration.textContent = t("player.live", { i, j, lines: spoken.join(" ") });
  }

  store.subscribe(({ state, data, ui, changed }) => {
    if (!data) return;
    if (changed === "data" && timer === null && ui.playing) store.setUi({ playing: false });
    const n = data.steps.i.length;
    const step = Math.min(state.step ?? n, n);
    scrub.max = String(n);
    scrub.value = String(step);
    scrub.setAttribute("aria-valuetext", step < n ? t("player.position", { n: step + 1, total: n }) : t("player.done", { total: n }));
    position.textContent = step < n ? t("player.position", { n: step + 1, total: n }) : t("player.done", { total: n });
    play.textContent = ui.playing ? t("player.pause") : t("player.play");
    play.setAttribute("aria-pressed", String(Boolean(ui.playing)));
    back.disabled = step === 0;
    renderArithmetic(state, data);
  });
}
