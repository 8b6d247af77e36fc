// Boot of the cost lab: one store, one view per part of the page.

import { parseExactJson } from "./format.js";
import { setCatalog, t } from "./i18n.js";
import { createStore } from "./store.js";
import { parseQuery, toQuery } from "./urlstate.js";
import { mountControls } from "./views/controls.js";
import { mountCostChartTables } from "./views/cost_chart_tables.js";
import { mountCostCharts } from "./views/cost_charts.js";
import { mountCostForm } from "./views/cost_form.js";
import { mountCostTable } from "./views/cost_table.js";
import { mountCostTiming } from "./views/cost_timing.js";
import { mountErrors } from "./views/errors.js";
import { mountPage } from "./page.js";
import { mountExport } from "./export/mount.js";

const boot = JSON.parse(document.getElementById("boot").textContent);
setCatalog(boot.strings);

const store = createStore({ fields: boot.fields, apiUrl: boot.api, parse: parseExactJson });
const part = (testid) => document.querySelector(`[data-testid="${testid}"]`);

// An embed shows the results and charts: no controls, no path forms.
if (part("controls")) {
  mountControls(part("controls"), store, { ...boot, label: (name) => `cost.controls.${name}` });
  const grammar = (name) => boot.fields.find((f) => f.name === name).grammar;
  mountCostForm(part("path-a"), "a", store, grammar("a"));
  mountCostForm(part("path-b"), "b", store, grammar("b"));
}
mountErrors(part("error"), store);
mountCostTable(part("results"), store);
mountCostTiming(part("timing"), store);
mountCostCharts(part("sweep"), part("head"), store, { plotlySource: boot.plotly });
mountCostChartTables({ sweep: part("sweep"), head: part("head") }, store);

// Say what the example is when it is one of the presets (same state, however the URL spells it).
const blurb = part("preset-blurb");
const canonical = (state) => JSON.stringify([...new URLSearchParams(toQuery(state, boot.fields, { view: false }))].sort());
const presetStates = boot.presets.map((p) => ({ key: p.key, state: canonical(parseQuery(new URLSearchParams(p.query).toString(), boot.fields)) }));
store.subscribe(({ state, data, changed }) => {
  if (!data || changed !== "data") return;
  const current = canonical(state);
  const preset = presetStates.find((p) => p.state === current);
  blurb.textContent = preset ? t(`preset.${preset.key}.blurb`) : "";
  blurb.hidden = !preset;
});
mountPage(store, boot);
mountExport(document.body, store);
store.start();
