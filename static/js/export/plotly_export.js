// The cost lab's charts leave through plotly.js's own export: the chart's
// traces and layout, with the panel's title added so the file stands alone.

import { ACCENT } from "./layout.js";

const SIZE = { width: 1100, height: 560 };

/**
 * An exporter for the Plotly chart in `chart`: `title(data)` heads the image,
 * `name(data)` is the file name without extension, `available(data)` says
 * whether the chart has anything to show.
 */
export function plotlyExporter(chart, { title, name, available = () => true }) {
  return {
    available,
    async save(data, format) {
      if (!window.Plotly || !chart.data) throw new Error("the chart is not drawn yet");
      const layout = {
        ...chart.layout,
        ...SIZE,
        title: { text: title(data), x: 0.01, xanchor: "left", y: 0.97, yanchor: "top", font: { size: 20, color: ACCENT } },
        margin: { ...chart.layout.margin, t: 64, r: 32 },
      };
      await window.Plotly.downloadImage({ data: chart.data, layout }, { format, filename: name(data), ...SIZE, scale: format === "png" ? 2 : 1 });
    },
  };
}
