// The editor of one path: a row of controls per layer (kind, kernel, filters,
// stride, padding, groups), add and remove, and the chain as text. Every edit
// writes the chain's text into the store; the server parses and checks it.

import { t } from "../i18n.js";
import { el } from "./dom.js";


/** The chain text of one layer, as app/state/layer_spec.py prints it. */
export function formatLayer(layer) {
  if (layer.kind === "gap") return "gap";
  if (layer.kind === "fc") return layer.out_h === 1 && layer.out_w === 1 ? `fc:${layer.filters}` : `fc:${layer.out_h}x${layer.out_w}x${layer.filters}`;
  let text = `${layer.kind}${layer.kernel}`;
  if (layer.kind === "conv" || layer.kind === "sep") text += `:${layer.filters}`;
  if (layer.kind !== "pool") {
    if (layer.stride !== 1) text += `:s${layer.stride}`;
    if (layer.padding !== "same") text += `:${layer.padding}`;
  }
  if (layer.kind === "conv" && layer.groups !== 1) text += `:g${layer.groups}`;
  return text;
}

/** A layer switched to another kind, keeping what still applies and filling what it now needs. */
function switchKind(layer, kind, inputChannels) {
  const next = { ...layer, kind };
  if ((kind === "conv" || kind === "sep" || kind === "fc") && !next.filters) next.filters = inputChannels;
  if (kind !== "conv") next.groups = 1;
  if (kind !== "fc") {
    next.out_h = 1;
    next.out_w = 1;
  }
  if (kind === "pool" && next.kernel === 1) next.kernel = 2;
  return next;
}

function numberInput(testid, label, value, min, max, onCommit) {
  const input = el("input", max <= 64 ? "num-input short" : "num-input");
  input.type = "number";
  input.min = String(min);
  input.max = String(max);
  input.value = String(value);
  input.dataset.testid = testid;
  input.setAttribute("aria-label", label);
  input.addEventListener("change", () => {
    const v = Number(input.value);
    if (Number.isInteger(v) && v >= min && v <= max) onCommit(v);
    else input.value = String(value); // the server would refuse it; keep the last good value
  });
  return input;
}

/**
 * `grammar`: the chain field's grammar from the server (app/state/layer_spec.py): each kind and
 * the parts (controls) it takes, the paddings, each part's largest value, the most layers.
 */
export function mountCostForm(root, path, store, grammar) {
  const { parts: USES, paddings, limits, max_layers: MAX_LAYERS } = grammar;
  const KINDS = Object.keys(USES);
  const form = root.querySelector(`[data-testid="form-${path}"]`);
  const add = root.querySelector(`[data-testid="add-${path}"]`);
  const spec = root.querySelector(`[data-testid="spec-${path}"]`);
  let layers = [];
  let rows = [];

  const commit = (next) => store.set({ [path]: next.map(formatLayer).join(",") });
  const change = (n, patch) => commit(layers.map((layer, k) => (k === n ? { ...layer, ...patch } : layer)));

  add.addEventListener("click", () => {
    const last = rows[rows.length - 1];
    commit([...layers, { kind: "conv", kernel: 1, filters: last ? last.out[2] : 64, stride: 1, padding: "same", groups: 1, out_h: 1, out_w: 1 }]);
  });
  // A refused chain stays in the field, marked invalid, while the reader fixes it; leaving the field shows the chain in use.
  spec.addEventListener("change", () => store.set({ [path]: spec.value.trim() }));
  spec.addEventListener("blur", () => {
    if (rows.length && spec.getAttribute("aria-invalid") === "true") spec.value = rows.map((row) => row.spec).join(",");
  });

  function header() {
    const head = form.createTHead().insertRow();
    for (const key of ["index", "kind", "kernel", "filters", "stride", "padding", "groups", "output", "remove"]) {
      // The corner above the layer numbers heads nothing: a <td>, not a header without a name.
      const th = el(key === "index" ? "td" : "th", "", key === "remove" || key === "index" ? "" : t(`cost.form.col.${key}`));
      if (key !== "index") th.scope = "col";
      if (key === "remove") th.append(el("span", "visually-hidden", t("cost.form.col.remove")));
      head.append(th);
    }
  }

  function controlsFor(layer, n, row) {
    const where = t("cost.form.layer_n", { path: t(`cost.path.${path}.short`), n: n + 1 });
    const uses = USES[layer.kind];
    const cell = (key, make) => {
      const td = el("td");
      if (uses.includes(key)) td.append(make());
      else td.append(el("span", "not-applicable", "—"));
      return td;
    };
    const kind = el("select");
    kind.dataset.testid = `${path}-${n}-kind`;
    kind.setAttribute("aria-label", t("text.labelled", { label: where, value: t("cost.form.col.kind") }));
    for (const k of KINDS) kind.append(Object.assign(el("option", "", t(`cost.kind.${k}`)), { value: k }));
    kind.value = layer.kind;
    kind.addEventListener("change", () => change(n, switchKind(layer, kind.value, row.in[2])));

    const kernelCell = el("td");
    if (uses.includes("kernel")) {
      kernelCell.append(
        numberInput(`${path}-${n}-kernel`, t("text.labelled", { label: where, value: t("cost.form.col.kernel") }), layer.kernel, 1, limits.kernel, (v) => change(n, { kernel: v })),
      );
    } else if (uses.includes("out")) {
      // A dense layer's output volume: H' × W' (× its outputs, in the next column).
      const pair = el("span", "out-pair");
      pair.append(
        el("span", "times", t("cost.form.out")),
        numberInput(`${path}-${n}-out_h`, t("text.labelled", { label: where, value: t("cost.form.out_h") }), layer.out_h, 1, limits.out, (v) => change(n, { out_h: v })),
        el("span", "times", "×"),
        numberInput(`${path}-${n}-out_w`, t("text.labelled", { label: where, value: t("cost.form.out_w") }), layer.out_w, 1, limits.out, (v) => change(n, { out_w: v })),
      );
      kernelCell.append(pair);
    } else {
      kernelCell.append(el("span", "not-applicable", "—"));
    }

    const padding = () => {
      const select = el("select");
      select.dataset.testid = `${path}-${n}-padding`;
      select.setAttribute("aria-label", t("text.labelled", { label: where, value: t("cost.form.col.padding") }));
      for (const p of paddings) select.append(Object.assign(el("option", "", t(`cost.padding.${p}`)), { value: p }));
      select.value = layer.padding;
      select.addEventListener("change", () => change(n, { padding: select.value }));
      return select;
    };
    const remove = el("button", "remove", "×");
    remove.type = "button";
    remove.dataset.testid = `${path}-${n}-remove`;
    remove.setAttribute("aria-label", t("cost.form.remove", { layer: where }));
    remove.disabled = layers.length === 1;
    remove.addEventListener("click", () => commit(layers.filter((_, k) => k !== n)));

    const kindCell = el("td");
    kindCell.append(kind);
    const removeCell = el("td");
    removeCell.append(remove);
    return [
      el("th", "layer-n", String(n + 1)),
      kindCell,
      kernelCell,
      cell("filters", () => numberInput(`${path}-${n}-filters`, t("text.labelled", { label: where, value: t("cost.form.col.filters") }), layer.filters, 1, limits.filters, (v) => change(n, { filters: v }))),
      cell("stride", () => numberInput(`${path}-${n}-stride`, t("text.labelled", { label: where, value: t("cost.form.col.stride") }), layer.stride, 1, limits.stride, (v) => change(n, { stride: v }))),
      cell("padding", padding),
      cell("groups", () => numberInput(`${path}-${n}-groups`, t("text.labelled", { label: where, value: t("cost.form.col.groups") }), layer.groups, 1, limits.groups, (v) => change(n, { groups: v }))),
      Object.assign(el("td", "out-shape", row.out.join("×")), { title: t("cost.form.col.output") }),
      removeCell,
    ];
  }

  store.subscribe(({ data, ui, changed }) => {
    if (ui.error?.field === path) spec.setAttribute("aria-invalid", "true");
    else if (!ui.error) spec.removeAttribute("aria-invalid");
    if (!data || changed !== "data") return;
    const focused = form.contains(document.activeElement) ? document.activeElement.dataset.testid : null;
    rows = data.paths[path].layers;
    layers = rows.map((row) => row.layer);
    form.replaceChildren();
    header();
    const body = form.createTBody();
    layers.forEach((layer, n) => {
      const tr = body.insertRow();
      tr.dataset.testid = `${path}-row-${n}`;
      tr.append(...controlsFor(layer, n, rows[n]));
    });
    add.disabled = layers.length >= MAX_LAYERS;
    if (document.activeElement !== spec) spec.value = rows.map((row) => row.spec).join(",");
    if (focused) form.querySelector(`[data-testid="${focused}"]`)?.focus();
  });
}
