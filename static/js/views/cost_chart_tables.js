// The cost lab's two charts as tables: every point plotly.js draws, with its exact count,
// for screen readers and for anyone who would rather read the numbers than the curves.

import { count } from "../format.js";
import { t } from "../i18n.js";
import { mountTableToggle, numbersTable } from "./table_toggle.js";

function sweepTable(data, captionId) {
  const sweep = data.sweep;
  if (!sweep) return null;
  const columns = [t("cost.sweep.x"), t("cost.sweep.trace_b"), t("cost.sweep.trace_a")];
  const rows = sweep.points.map((p) => [count(p.width), count(p.macs), count(sweep.budget)]);
  return numbersTable(captionId, t("text.aside", { text: t("cost.sweep.heading"), aside: t("cost.sweep.y") }), columns, rows);
}

function headTable(data, captionId) {
  const head = data.head;
  const k = count(head.classes);
  const columns = [t("cost.head.x", { c: count(head.channels) }), t("cost.head.trace_fc", { k }), t("cost.head.trace_gap", { k })];
  const rows = head.points.map((p) => [count(p.side), count(p.fc), count(p.gap_1x1)]);
  return numbersTable(captionId, t("text.aside", { text: t("cost.head.heading"), aside: t("cost.head.y") }), columns, rows);
}

/** A "Show as a table" under each chart of `roots` ({ sweep, head } panels). */
export function mountCostChartTables(roots, store) {
  const tables = [
    ["sweep", sweepTable],
    ["head", headTable],
  ].map(([name, draw]) => {
    const button = roots[name].querySelector(`[data-testid="${name}-table-toggle"]`);
    const box = roots[name].querySelector(`[data-testid="${name}-table"]`);
    return { name, button, ...mountTableToggle(button, box, () => store.data && draw(store.data, `${box.id}-caption`)) };
  });
  store.subscribe(({ data, changed }) => {
    if (!data || changed !== "data") return;
    for (const table of tables) {
      // Path B without a width to vary has no sweep chart, so no table either.
      if (table.name === "sweep") table.button.hidden = !data.sweep;
      table.update();
    }
  });
}
