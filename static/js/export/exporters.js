// Every exportable panel, declared once: panel name (the `data-export` of its
// buttons) -> how to make its exporter. Figure code is imported on the first
// click, so pages load no faster or slower for having Download buttons.

import { count } from "../format.js";
import { t } from "../i18n.js";
import { saveFigure } from "./download.js";
import { plotlyExporter } from "./plotly_export.js";

/** An exporter that loads `render` (data -> { svg, width, height, name }) when first used, draws and saves. */
function figureExporter(load) {
  return {
    async save(data, format) {
      const render = await load();
      await saveFigure(render(data), format);
    },
  };
}

const dims = (values) => values.map((v) => String(v)).join("x");

export const EXPORTERS = {
  mixer: () => figureExporter(() => import("./mixer_figure.js").then((m) => m.mixerFigure)),
  "fc-twin": () => figureExporter(() => import("./fc_figure.js").then((m) => m.fcFigure)),
  "lab-kernels": () => figureExporter(() => import("./kernels_figure.js").then((m) => m.kernelsFigure)),
  "lab-slide": () => figureExporter(() => import("./slide_figure.js").then((m) => m.slideFigure)),
  digits: () => figureExporter(() => import("./digits_figure.js").then((m) => m.digitsFigure)),
  results: () => figureExporter(() => import("./cost_table_figure.js").then((m) => m.costTableFigure)),
  sweep: (root) =>
    plotlyExporter(root.querySelector('[data-testid="sweep-chart"]'), {
      title: () => t("cost.sweep.heading"),
      name: (data) => `one-by-one-width-sweep-${dims(data.input)}-break-even-${data.sweep.break_even ?? "none"}`,
      available: (data) => Boolean(data.sweep),
    }),
  head: (root) =>
    plotlyExporter(root.querySelector('[data-testid="head-chart"]'), {
      title: (data) => t("export.head.title", { c: count(data.head.channels), k: count(data.head.classes) }),
      name: (data) => `one-by-one-head-params-${data.head.channels}-channels-to-${data.head.classes}`,
    }),
};
