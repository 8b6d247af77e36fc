// The example's controls: presets, shape, activation, seed, random, reset, copy link.

import { t } from "../i18n.js";
import { listDims, readNumbers, shapeFields } from "../urlstate.js";

/** Resize a flat list laid out as `from` dims to `to` dims, keeping overlapping values, new ones 0. */
export function resizeList(values, from, to) {
  const size = to.reduce((a, b) => a * b, 1);
  const out = new Array(size).fill(0);
  const strides = (dims) => dims.map((_, k) => dims.slice(k + 1).reduce((a, b) => a * b, 1));
  const sFrom = strides(from);
  const sTo = strides(to);
  for (let k = 0; k < size; k += 1) {
    const index = sTo.map((s, d) => Math.floor(k / s) % to[d]);
    if (index.every((v, d) => v < from[d])) out[k] = values[index.reduce((acc, v, d) => acc + v * sFrom[d], 0)];
  }
  return out;
}

/**
 * The steppers are the fields marked `shape`, in order; a shape change keeps the
 * reader's edits where they still fit in each list's `dims`. `label(name)`: the
 * catalog key of a stepper's label.
 */
export function mountControls(root, store, { fields, presets, label }) {
  const lists = fields.filter((f) => f.kind === "numbers").map((f) => f.name);
  const field = (name) => fields.find((f) => f.name === name);
  const presetRoot = root.querySelector('[data-testid="presets"]');
  for (const preset of presets) {
    const button = document.createElement("button");
    button.type = "button";
    button.dataset.testid = `preset-${preset.key}`;
    button.textContent = t(`preset.${preset.key}`);
    button.title = t(`preset.${preset.key}.blurb`);
    button.addEventListener("click", () => {
      const next = {};
      for (const [name, raw] of Object.entries(preset.query)) {
        const f = field(name);
        next[name] = f.kind === "numbers" ? readNumbers(f, raw) : f.kind === "int" ? Number(raw) : raw;
      }
      store.replace(next);
    });
    presetRoot.append(button);
  }

  // A shape change keeps the reader's edited values where they still fit.
  function setShape(name, value) {
    const f = field(name);
    const clamped = Math.max(f.minimum, Math.min(f.maximum, value));
    const before = store.state;
    if (clamped === before[name]) return;
    const after = { ...before, [name]: clamped };
    const patch = { [name]: clamped, step: store.walkStart };
    for (const list of lists) {
      if (before[list]) patch[list] = resizeList(before[list], listDims(field(list), before), listDims(field(list), after));
    }
    store.set(patch);
  }

  const stepperRoot = root.querySelector('[data-testid="shape-controls"]');
  const steppers = {};
  for (const name of shapeFields(fields)) {
    const f = field(name);
    const wrap = document.createElement("div");
    wrap.className = "stepper";
    const labelElement = document.createElement("label");
    labelElement.htmlFor = `shape-${name}`;
    labelElement.textContent = t(label(name));
    const minus = document.createElement("button");
    minus.type = "button";
    minus.textContent = "−";
    minus.setAttribute("aria-label", t("controls.decrease", { label: t(label(name)) }));
    minus.dataset.testid = `shape-${name}-minus`;
    const input = document.createElement("input");
    input.id = `shape-${name}`;
    input.type = "number";
    input.min = String(f.minimum);
    input.max = String(f.maximum);
    input.dataset.testid = `shape-${name}`;
    if (f.maximum >= 1000) input.classList.add("wide");
    const plus = document.createElement("button");
    plus.type = "button";
    plus.textContent = "+";
    plus.setAttribute("aria-label", t("controls.increase", { label: t(label(name)) }));
    plus.dataset.testid = `shape-${name}-plus`;
    minus.addEventListener("click", () => setShape(name, store.state[name] - 1));
    plus.addEventListener("click", () => setShape(name, store.state[name] + 1));
    input.addEventListener("change", () => {
      const value = Number(input.value);
      if (Number.isInteger(value)) setShape(name, value);
      else input.value = String(store.state[name]);
    });
    wrap.append(labelElement, minus, input, plus);
    stepperRoot.append(wrap);
    steppers[name] = { input, minus, plus, f };
  }

  const cleared = () => Object.fromEntries(lists.map((name) => [name, null]));

  // Activation, seed and random exist on the views with a random example only.
  const act = root.querySelector('[data-testid="act-select"]');
  act?.addEventListener("change", () => store.set({ act: act.value }));

  const seed = root.querySelector('[data-testid="seed-input"]');
  seed?.addEventListener("change", () => {
    if (/^\d+$/.test(seed.value.trim())) store.set({ seed: Number(seed.value), ...cleared(), step: store.walkStart });
    else seed.value = String(store.state.seed);
  });
  root.querySelector('[data-testid="random-button"]')?.addEventListener("click", () => {
    const next = Math.floor(Math.random() * (field("seed").maximum + 1));
    store.set({ seed: next, ...cleared(), step: store.walkStart });
  });
  root.querySelector('[data-testid="reset-button"]').addEventListener("click", () => store.replace({}));

  const copied = root.querySelector('[data-testid="copied"]');
  root.querySelector('[data-testid="copy-link"]').addEventListener("click", async () => {
    try {
      await navigator.clipboard.writeText(window.location.href);
      copied.textContent = t("controls.copied");
    } catch {
      copied.textContent = window.location.href;
    }
    window.setTimeout(() => (copied.textContent = ""), 2500);
  });

  store.subscribe(({ data, changed }) => {
    if (!data || changed !== "data") return;
    for (const [name, { input, minus, plus, f }] of Object.entries(steppers)) {
      const value = store.state[name];
      if (document.activeElement !== input && input.value !== String(value)) input.value = String(value);
      if (minus.disabled !== value <= f.minimum) minus.disabled = value <= f.minimum;
      if (plus.disabled !== value >= f.maximum) plus.disabled = value >= f.maximum;
    }
    if (act && act.value !== data.activation) act.value = data.activation;
    if (seed && document.activeElement !== seed && seed.value !== String(store.state.seed)) seed.value = String(store.state.seed);
  });
}
