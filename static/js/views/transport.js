// The walk-through's transport: play, pause, step back and forward, scrub and
// speed, over `count(data)` steps. The step lives in the store (and the URL);
// a step equal to the count means "all done". On a touch screen a sideways swipe
// over `swipeArea` steps too.

import { t } from "../i18n.js";
import { setText } from "./dom.js";
import { enableSwipe } from "./swipe.js";

const reducedMotion = window.matchMedia("(prefers-reduced-motion: reduce)");

export function mountTransport(root, store, { count, position, done = (total) => t("player.done", { total }), swipeArea = null }) {
  const play = root.querySelector('[data-testid="play"]');
  const back = root.querySelector('[data-testid="step-back"]');
  const forward = root.querySelector('[data-testid="step-forward"]');
  const scrub = root.querySelector('[data-testid="scrub"]');
  const speed = root.querySelector('[data-testid="speed"]');
  const where = root.querySelector('[data-testid="position"]');
  let timer = null;

  const total = () => (store.data ? count(store.data) : 0);
  const stepOf = () => Math.min(store.state.step ?? total(), total());
  const go = (step) => store.setStep(Math.max(0, Math.min(total(), step)));

  function stop() {
    window.clearInterval(timer);
    timer = null;
    if (store.ui.playing) store.setUi({ playing: false });
  }

  function tick() {
    const next = stepOf() + 1;
    go(next);
    if (next >= total()) stop();
  }

  function start() {
    if (!store.data) return;
    if (stepOf() >= total()) go(0);
    store.setUi({ playing: true });
    timer = window.setInterval(tick, Number(speed.value) * (reducedMotion.matches ? 1.5 : 1));
  }

  function stepBack() {
    stop();
    go(stepOf() - 1);
  }

  function stepForward() {
    stop();
    go(stepOf() >= total() ? 0 : stepOf() + 1);
  }

  play.addEventListener("click", () => (timer ? stop() : start()));
  back.addEventListener("click", stepBack);
  forward.addEventListener("click", stepForward);
  if (swipeArea) enableSwipe(swipeArea, { back: stepBack, forward: stepForward });
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

  store.subscribe(({ state, data, ui, changed }) => {
    if (!data) return;
    if (changed === "data" && timer === null && ui.playing) store.setUi({ playing: false });
    const n = count(data);
    const step = Math.min(state.step ?? n, n);
    const text = step < n ? position(step, n, data) : done(n);
    // Unchanged values are not rewritten: each write invalidates style or layout.
    if (scrub.max !== String(n)) scrub.max = String(n);
    if (scrub.value !== String(step)) scrub.value = String(step);
    if (scrub.getAttribute("aria-valuetext") !== text) scrub.setAttribute("aria-valuetext", text);
    setText(where, text);
    setText(play, ui.playing ? t("player.pause") : t("player.play"));
    if (play.getAttribute("aria-pressed") !== String(Boolean(ui.playing))) play.setAttribute("aria-pressed", String(Boolean(ui.playing)));
    if (back.disabled !== (step === 0)) back.disabled = step === 0;
  });
}
