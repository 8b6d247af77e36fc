// The FC twin: the big matrix M on the flattened input (heatmap, Plotly), the
// x, y and b vectors along its edges, hover linking both ways, the proof and
// the parameter counts.

import { limitOf, PLOTLY_SCALE } from "../colors.js";
import { count, diff, num } from "../format.js";
import { t } from "../i18n.js";
import { currentPixel } from "./mixer.js";

const TOLERANCE = 1e-9;
const HIGHLIGHT = "#0b7a3e";

function flatLabel(pixel, channel, width, name) {
  return `${name}[${Math.floor(pixel / width)}, ${pixel % width}, ${channel}]`;
}

/** The dense matrix from its non-zero entries; structural zeros stay null (blank). */
function denseMatrix(fc) {
  const [rows, cols] = fc.shape;
  const z = Array.from({ length: rows }, () => new Array(cols).fill(null));
  const { row, col, value } = fc.entries;
  for (let k = 0; k < row.length; k += 1) z[row[k]][col[k]] = value[k];
  return z;
}

function proofRow(testid, label, value) {
  const item = document.createElement("li");
  item.dataset.testid = testid;
  const ok = value <= TOLERANCE;
  item.className = ok ? "proof-ok" : "proof-bad";
  const mark = document.createElement("span");
  mark.className = "proof-mark";
  mark.setAttribute("aria-hidden", "true");
  mark.textContent = ok ? "✓" : "✗";
  const name = document.createElement("span");
  name.className = "proof-label";
  name.textContent = label;
  const figure = document.createElement("span");
  figure.className = "proof-diff";
  figure.dataset.testid = `${testid}-diff`;
  figure.textContent = t("proof.diff", { value: diff(value) });
  const verdict = document.createElement("strong");
  verdict.textContent = ok ? t("proof.equal") : t("proof.different");
  item.append(mark, name, figure, verdict);
  return item;
}

export function mountFcTwin(root, store) {
  const plot = root.querySelector('[data-testid="fc-plot"]');
  const title = root.querySelector('[data-testid="fc-title"]');
  const proofRows = root.querySelector('[data-testid="proof-rows"]');
  const paramsBody = root.querySelector('[data-testid="params-body"]');
  const readout = document.createElement("p");
  readout.className = "fc-readout";
  readout.dataset.testid = "fc-readout";
  readout.setAttribute("aria-live", "polite");
  plot.after(readout);
  for (const radio of root.querySelectorAll('input[name="order"]')) {
    radio.addEventListener("change", () => store.set({ order: radio.value }));
  }

  let hoverBound = false;
  let current = null; // the data the plot shows

  function layoutFor(data) {
    const [rows, cols] = data.fc.shape;
    const width = plot.clientWidth || 600;
    const cell = Math.max(1, Math.min(22, (width - 90) / (cols + 3)));
    const height = Math.round(cell * (rows + 1.6) + 60);
    const small = cols <= 24;
    const w = data.shape.w;
    const colText = data.fc.col_pixel.map((p, k) => flatLabel(p, data.fc.col_channel[k], w, "x"));
    const rowText = data.fc.row_pixel.map((p, k) => flatLabel(p, data.fc.row_channel[k], w, "y"));
    const stripFraction = 1.2 / (rows + 1.6);
    const mainRight = cols / (cols + 3);
    return {
      height,
      margin: { l: small ? 80 : 40, r: 10, t: 10, b: small ? 80 : 40 },
      paper_bgcolor: "rgba(0,0,0,0)",
      plot_bgcolor: "#e9e9ef",
      showlegend: false,
      dragmode: false,
      xaxis: { domain: [0, mainRight], showgrid: false, zeroline: false, tickmode: small ? "array" : "auto", tickvals: small ? colText.map((_, k) => k) : undefined, ticktext: small ? colText : undefined, tickangle: -60, title: { text: t("fc.axis_in", { n: cols }), standoff: 4 }, side: "bottom", fixedrange: true },
      yaxis: { domain: [0, 1 - stripFraction], autorange: "reversed", showgrid: false, zeroline: false, tickmode: small ? "array" : "auto", tickvals: small ? rowText.map((_, k) => k) : undefined, ticktext: small ? rowText : undefined, title: { text: small ? "" : t("fc.axis_out", { n: rows }) }, fixedrange: true },
      yaxis2: { domain: [1 - stripFraction * 0.8, 1], showticklabels: false, showgrid: false, zeroline: false, fixedrange: true },
      xaxis2: { domain: [mainRight + 0.01, mainRight + (1 - mainRight) / 2], showticklabels: false, showgrid: false, zeroline: false, fixedrange: true, title: { text: t("fc.strip_y"), standoff: 2 } },
      xaxis3: { domain: [mainRight + (1 - mainRight) / 2 + 0.01, 1], showticklabels: false, showgrid: false, zeroline: false, fixedrange: true, title: { text: t("fc.strip_b"), standoff: 2 } },
      annotations: [{ text: t("fc.strip_x"), xref: "paper", yref: "paper", x: 0, xshift: small ? -4 : -24, y: 1 - stripFraction * 0.4, xanchor: "right", showarrow: false }],
      shapes: [],
    };
  }

  function traces(data) {
    const z = denseMatrix(data.fc);
    const wLimit = limitOf(data.weight);
    const xLimit = limitOf(data.fc.x_flat);
    const yLimit = limitOf(data.fc.out);
    const common = { type: "heatmap", colorscale: PLOTLY_SCALE, showscale: false, hoverinfo: "none", xgap: 1, ygap: 1 };
    return [
      { ...common, z, zmin: -wLimit, zmax: wLimit, hoverongaps: true },
      { ...common, z: [data.fc.x_flat], zmin: -xLimit, zmax: xLimit, yaxis: "y2" },
      { ...common, z: data.fc.out.map((v) => [v]), zmin: -yLimit, zmax: yLimit, xaxis: "x2" },
      { ...common, z: data.fc.bias.map((v) => [v]), zmin: -wLimit, zmax: wLimit, xaxis: "x3" },
      { type: "scatter", mode: "markers", x: [], y: [], hoverinfo: "skip", marker: { symbol: "square-open", size: 10, color: HIGHLIGHT, line: { width: 3, color: HIGHLIGHT } } },
    ];
  }

  function describeCell(data, row, col) {
    const w = data.shape.w;
    const out = flatLabel(data.fc.row_pixel[row], data.fc.row_channel[row], w, "y");
    const inp = flatLabel(data.fc.col_pixel[col], data.fc.col_channel[col], w, "x");
    const samePixel = data.fc.row_pixel[row] === data.fc.col_pixel[col];
    const value = samePixel ? data.weight[data.fc.row_channel[row]][data.fc.col_channel[col]] : 0;
    const what = samePixel ? t("fc.hover_copy", { o: data.fc.row_channel[row], c: data.fc.col_channel[col] }) : t("fc.hover_zero");
    return `M[${row}, ${col}] = ${num(value)} (${what}): ${out} ← ${inp}`;
  }

  function bindHover() {
    if (hoverBound) return;
    hoverBound = true;
    plot.on("plotly_hover", (event) => {
      const point = event.points?.[0];
      if (!point || point.curveNumber !== 0 || !current) return;
      const row = point.pointNumber[0];
      const col = point.pointNumber[1];
      readout.textContent = describeCell(current, row, col);
      store.setUi({ hover: { kind: "output", p: current.fc.row_pixel[row], o: current.fc.row_channel[row], source: "fc" } });
    });
    plot.on("plotly_unhover", () => store.setUi({ hover: null }));
  }

  // Copies of a hovered weight get an outline; a hovered output pixel gets its row band.
  function overlay(state, data, ui) {
    const h = ui.hover;
    const { row, col, out_channel: oc, in_channel: ic, pixel } = data.fc.entries;
    const xs = [];
    const ys = [];
    const shapes = [];
    const band = (r) => shapes.push({ type: "rect", xref: "x", yref: "y", x0: -0.5, x1: data.fc.shape[1] - 0.5, y0: r - 0.5, y1: r + 0.5, line: { color: HIGHLIGHT, width: 2 } });
    if (h?.kind === "weight") {
      for (let k = 0; k < row.length; k += 1) if (oc[k] === h.o && ic[k] === h.c) xs.push(col[k]), ys.push(row[k]);
    } else if (h?.kind === "input") {
      for (let k = 0; k < row.length; k += 1) if (pixel[k] === h.p && ic[k] === h.c) xs.push(col[k]), ys.push(row[k]);
    } else if (h?.kind === "output" || h?.kind === "bias") {
      data.fc.row_pixel.forEach((p, r) => {
        if ((h.kind === "bias" || p === h.p) && data.fc.row_channel[r] === h.o) band(r);
      });
    }
    const p = currentPixel(state, data);
    if (p !== null && !h) data.fc.row_pixel.forEach((q, r) => q === p && band(r));
    const marker = { size: Math.max(6, Math.min(16, (plot.clientWidth || 600) / (data.fc.shape[1] + 3))) };
    Plotly.restyle(plot, { x: [xs], y: [ys], "marker.size": marker.size }, [4]);
    Plotly.relayout(plot, { shapes });
    plot.dataset.highlighted = String(xs.length + shapes.length);
  }

  function renderProof(data) {
    proofRows.replaceChildren(
      proofRow("proof-per-pixel", t("proof.row.per_pixel"), data.per_pixel.max_abs_diff),
      proofRow("proof-batch", t("proof.row.batch"), data.batch.max_abs_diff),
      proofRow("proof-fc", `${t("proof.row.fc")} (${data.fc.order})`, data.fc.max_abs_diff),
    );
  }

  function renderParams(data) {
    const p = data.params;
    const lines = [
      ["params-conv", t("params.conv"), p.conv_total, t("params.conv.detail", { weights: count(p.conv_weights), biases: count(p.conv_biases) })],
      ["params-fc", t("params.fc"), p.fc_total, t("params.fc.detail", { weights: count(p.fc_weights), biases: count(p.fc_biases) })],
    ];
    const table = document.createElement("dl");
    table.className = "params-list";
    for (const [testid, label, total, detail] of lines) {
      const dt = document.createElement("dt");
      dt.textContent = label;
      const dd = document.createElement("dd");
      dd.dataset.testid = testid;
      const strong = document.createElement("strong");
      strong.textContent = count(total);
      dd.append(strong, ` = ${detail}`);
      table.append(dt, dd);
    }
    const ratio = document.createElement("p");
    ratio.dataset.testid = "params-ratio";
    ratio.textContent = p.fc_total === p.conv_total ? t("params.same", { n: count(p.conv_total) }) : t("params.ratio", { ratio: count(Math.round((p.fc_total / p.conv_total) * 10) / 10) });
    const tied = document.createElement("p");
    tied.textContent = t("params.tied", { nonzero: count(p.tied_fc_nonzero), distinct: count(p.conv_weights) });
    paramsBody.replaceChildren(table, ratio, tied);
  }

  store.subscribe(({ state, data, ui, changed }) => {
    if (!data || typeof Plotly === "undefined") return;
    if (changed === "data") {
      current = data;
      for (const radio of root.querySelectorAll('input[name="order"]')) radio.checked = radio.value === data.fc.order;
      title.textContent = t("fc.matrix_title", { rows: data.fc.shape[0], cols: data.fc.shape[1] });
      Plotly.react(plot, traces(data), layoutFor(data), { displayModeBar: false, responsive: true });
      bindHover();
      renderProof(data);
      renderParams(data);
    }
    overlay(state, data, ui);
  });
}
