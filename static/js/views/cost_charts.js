// The cost lab's two charts (plotly.js, served by the app): path B's cost as its
// reduction width r changes, against path A; and the parameters of an FC head
// against global average pooling + 1×1 as the feature map grows.

import { count } from "../format.js";
import { t } from "../i18n.js";
import { describeLayer, formatRatio, short } from "./cost_table.js";
import { formatLayer } from "./cost_form.js";

const COLOR_A = "#5e3c99";
const COLOR_B = "#e66101";
const BASE_CONFIG = { displaylogo: false, responsive: true, modeBarButtons: [["toImage"]], toImageButtonOptions: { format: "svg" } };

/** Plotly's config, its one visible word (the download button's title) from our catalog, in the page's language. */
function config() {
  const download = t("chart.download");
  // Plotly's English keys for that title, across its versions.
  const dictionary = { "Download plot": download, "Download plot as a png": download, "Download plot as a PNG": download };
  return { ...BASE_CONFIG, locale: "page", locales: { page: { dictionary } } };
}

// How near the screen a chart must come for plotly.js to be fetched: one screen's height.
const NEAR = "100% 0px";

/**
 * plotly.js (a classic script of 3.5 MB, about a second of a phone's main thread to start) is
 * fetched when a chart comes near the screen, not with the page: the table and the verdict show
 * at once, and a reader who never scrolls to the charts never waits for it. Returns a function
 * that resolves to window.Plotly once it has arrived.
 */
function plotlyWhenNear(charts, source) {
  let near;
  const seen = new Promise((resolve) => (near = resolve));
  const observer = new IntersectionObserver(
    (entries) => {
      if (!entries.some((entry) => entry.isIntersecting)) return;
      observer.disconnect();
      near();
    },
    { rootMargin: NEAR },
  );
  for (const chart of charts) observer.observe(chart);
  let loaded = null;
  const load = () =>
    new Promise((resolve, reject) => {
      if (window.Plotly) return resolve(window.Plotly);
      const script = document.createElement("script");
      script.src = source;
      script.addEventListener("load", () => resolve(window.Plotly), { once: true });
      script.addEventListener("error", () => reject(new Error(`plotly.js did not load from ${source}`)), { once: true });
      document.head.append(script);
    });
  return () => (loaded ??= seen.then(load));
}

/** A count and, when it helps, its short form: "218,365,952 (218M)". */
function big(value) {
  const shortForm = short(value);
  return shortForm ? `${count(value)} (${shortForm})` : count(value);
}

/** A round step near span / 5: 1, 2 or 5 times a power of ten. */
function niceStep(span) {
  const power = 10 ** Math.floor(Math.log10(span / 5));
  return [1, 2, 5, 10].map((m) => m * power).find((step) => span / step <= 6);
}

/**
 * The count axis's ticks, labelled in the page's language (1亿, 1억, 100M): plotly's own
 * labels are English SI suffixes, and past 10^15 it draws exponents with style attributes
 * that the CSP refuses. Log axes tick at powers of ten, at most 8 of them.
 */
function countTicks(smallest, largest, log) {
  const label = (value) => short(value) ?? count(value);
  if (!log) {
    const step = niceStep(Math.max(largest, 1));
    const values = Array.from({ length: Math.floor(largest / step) + 1 }, (_, i) => i * step);
    return { tickmode: "array", tickvals: values, ticktext: values.map(label) };
  }
  // From the power of ten below the smallest count to the one above the largest: both ends labelled.
  const low = Math.floor(Math.log10(Math.max(1, smallest)));
  const high = Math.ceil(Math.log10(Math.max(10, largest)));
  const every = Math.ceil((high - low + 1) / 8);
  const values = Array.from({ length: Math.floor((high - low) / every) + 1 }, (_, i) => 10 ** (low + i * every));
  return { tickmode: "array", tickvals: values, ticktext: values.map(label), range: [low, high] };
}

// The page's theme colours (light, dark, presentation mode), read from its CSS variables.
function themeColors() {
  const css = window.getComputedStyle(document.documentElement);
  const read = (name) => css.getPropertyValue(name).trim();
  return { ink: read("--ink"), paper: read("--paper"), grid: read("--grid") };
}

/** The layout of a chart drawn in `chart`, at the height the stylesheet keeps for it before plotly.js arrives. */
function layout(chart, xTitle, yTitle, logY, [smallest, largest]) {
  const present = document.documentElement.classList.contains("present");
  const large = present || window.matchMedia("(min-width: 1800px)").matches;
  const colors = themeColors();
  const font = { family: "Noto Sans, system-ui, Noto Sans CJK SC, Noto Sans CJK KR, sans-serif", size: present ? 20 : large ? 16 : 13, color: colors.ink };
  return {
    font,
    // The top margin is the toolbar's row (plotly draws it at the top right): a mark's label at the
    // top of the plot, such as the break-even width's, stays clear of it on a phone.
    // The bottom margin holds the x axis's title and, under it, the legend (two rows on a phone).
    margin: { l: 70, r: 20, t: 40, b: font.size * 8 },
    height: parseFloat(window.getComputedStyle(chart).minHeight),
    xaxis: { title: { text: xTitle }, zeroline: false, gridcolor: colors.grid },
    yaxis: { title: { text: yTitle }, type: logY ? "log" : "linear", ...countTicks(smallest, largest, logY), gridcolor: colors.grid, rangemode: "tozero", automargin: true },
    legend: { orientation: "h", x: 0, xanchor: "left", y: 0, yref: "container", yanchor: "bottom" },
    hovermode: "closest",
    paper_bgcolor: colors.paper,
    plot_bgcolor: colors.paper,
    shapes: [],
    annotations: [],
  };
}

/** Hide plotly.js's SVG from screen readers, who would hear a jumble of tick labels: the
 *  chart's name is its finding, and "Show as a table" has every point (cost_chart_tables.js). */
function hideDrawing(chart) {
  for (const svg of chart.querySelectorAll("svg.main-svg")) svg.setAttribute("aria-hidden", "true");
}

/** A dotted vertical line at x across the plot, labelled at its top. */
function markX(plot, x, text) {
  plot.shapes.push({ type: "line", x0: x, x1: x, yref: "paper", y0: 0, y1: 1, line: { color: themeColors().ink, width: 1.5, dash: "dot" } });
  plot.annotations.push({ x, yref: "paper", y: 1, text, showarrow: false, xanchor: "left", yanchor: "top", xshift: 4 });
}

/** `plotlySource`: where the app serves plotly.js (the page's boot data). */
export function mountCostCharts(sweepRoot, headRoot, store, { plotlySource }) {
  const sweepChart = sweepRoot.querySelector('[data-testid="sweep-chart"]');
  const sweepNote = sweepRoot.querySelector('[data-testid="sweep-note"]');
  const sweepFinding = sweepRoot.querySelector('[data-testid="sweep-finding"]');
  const widthControl = sweepRoot.querySelector('[data-testid="width-control"]');
  const widthLabel = sweepRoot.querySelector('[data-testid="width-label"]');
  const widthRange = sweepRoot.querySelector('[data-testid="width-range"]');
  const widthInput = sweepRoot.querySelector('[data-testid="width-input"]');
  const headChart = headRoot.querySelector('[data-testid="head-chart"]');
  const headNote = headRoot.querySelector('[data-testid="head-note"]');
  const headFinding = headRoot.querySelector('[data-testid="head-finding"]');
  const classes = headRoot.querySelector('[data-testid="classes-input"]');
  let clickBound = false;
  const plotly = plotlyWhenNear([sweepChart, headChart], plotlySource);

  // Set the swept layer of path B to width r: the table, the chart and the URL follow.
  function setWidth(r) {
    const sweep = store.data?.sweep;
    if (!sweep || !Number.isInteger(r)) return;
    const snapped = Math.max(sweep.step, Math.round(r / sweep.step) * sweep.step);
    const layers = store.data.paths.b.layers.map((row, n) => formatLayer(n === sweep.layer ? { ...row.layer, filters: Math.min(snapped, 8192) } : row.layer));
    store.set({ b: layers.join(",") });
  }
  widthRange.addEventListener("change", () => setWidth(Number(widthRange.value)));
  widthInput.addEventListener("change", () => setWidth(Number(widthInput.value)));
  classes.addEventListener("change", () => {
    const value = Number(classes.value);
    if (Number.isInteger(value) && value >= 1 && value <= 100000) store.set({ classes: value });
    else classes.value = String(store.state.classes);
  });

  async function drawSweep(data) {
    const sweep = data.sweep;
    widthControl.hidden = !sweep;
    if (!sweep) {
      sweepNote.textContent = t("cost.sweep.none");
      sweepFinding.textContent = "";
      sweepChart.hidden = true;
      return;
    }
    sweepChart.hidden = false;
    const row = data.paths.b.layers[sweep.layer];
    const layerText = t("cost.sweep.layer", { n: sweep.layer + 1, layer: describeLayer(row) });
    sweepNote.textContent = t("cost.sweep.note", { layer: layerText });
    widthLabel.textContent = t("cost.sweep.width_label", { layer: layerText });
    const xs = sweep.points.map((p) => p.width);
    const top = xs[xs.length - 1];
    widthRange.min = String(sweep.step);
    widthRange.max = String(Math.max(top, sweep.width));
    widthRange.step = String(sweep.step);
    widthRange.value = String(sweep.width);
    widthRange.setAttribute("aria-valuetext", `r = ${count(sweep.width)}`);
    if (document.activeElement !== widthInput) widthInput.value = String(sweep.width);
    widthInput.step = String(sweep.step);

    const ys = sweep.points.map((p) => Number(p.macs));
    const budget = Number(sweep.budget);
    const here = sweep.points.find((p) => p.width === sweep.width);
    const extent = [Math.max(1, Math.min(budget, ...ys.filter((y) => y > 0))), Math.max(budget, ...ys)];
    const logY = extent[1] / extent[0] > 1e3;
    const plot = layout(sweepChart, t("cost.sweep.x"), t("cost.sweep.y"), logY, extent);
    const traces = [
      {
        x: xs,
        y: ys,
        customdata: sweep.points.map((p) => big(p.macs)),
        name: t("cost.sweep.trace_b"),
        mode: "lines",
        line: { color: COLOR_B, width: 3 },
        hovertemplate: `r = %{x}<br>%{customdata}<extra>${t("cost.path.b.short")}</extra>`,
      },
      {
        x: [xs[0], top],
        y: [budget, budget],
        name: t("cost.sweep.trace_a"),
        mode: "lines",
        line: { color: COLOR_A, width: 3, dash: "dash" },
        hovertemplate: `${big(sweep.budget)}<extra>${t("cost.path.a.short")}</extra>`,
      },
      {
        x: [sweep.width],
        y: [Number(here.macs)],
        name: t("cost.sweep.trace_now", { r: count(sweep.width) }),
        mode: "markers",
        marker: { color: COLOR_B, size: 14, line: { color: "#16161d", width: 2 } },
        hovertemplate: `r = %{x}<br>${big(here.macs)}<extra></extra>`,
      },
    ];
    if (sweep.break_even) markX(plot, sweep.break_even, t("cost.sweep.break_even_mark", { r: count(sweep.break_even) }));
    const Plotly = await plotly();
    await Plotly.react(sweepChart, traces, plot, config());
    hideDrawing(sweepChart);
    if (!clickBound) {
      sweepChart.on("plotly_click", (event) => setWidth(Math.round(event.points[0].x)));
      clickBound = true;
    }
    const now = t("cost.sweep.now", { r: count(sweep.width), b: big(here.macs), a: big(sweep.budget) });
    const finding = sweep.break_even ? t("cost.sweep.finding", { r: count(sweep.break_even) }) : t("cost.sweep.finding_never", { max: count(8192) });
    sweepFinding.textContent = t("text.sentences", { first: finding, second: now });
    sweepChart.setAttribute("aria-label", sweepFinding.textContent);
  }

  async function drawHead(data) {
    const head = data.head;
    if (document.activeElement !== classes) classes.value = String(head.classes);
    headNote.textContent = t("cost.head.note", { c: count(head.channels), k: count(head.classes) });
    const xs = head.points.map((p) => p.side);
    const counts = head.points.flatMap((p) => [Number(p.fc), Number(p.gap_1x1)]);
    const plot = layout(headChart, t("cost.head.x", { c: count(head.channels) }), t("cost.head.y"), true, [Math.min(...counts), Math.max(...counts)]);
    const traces = [
      {
        x: xs,
        y: head.points.map((p) => Number(p.fc)),
        customdata: head.points.map((p) => big(p.fc)),
        name: t("cost.head.trace_fc", { k: count(head.classes) }),
        mode: "lines+markers",
        line: { color: COLOR_A, width: 3 },
        marker: { size: 5 },
        hovertemplate: `%{x}×%{x}×${head.channels}<br>%{customdata}<extra>FC</extra>`,
      },
      {
        x: xs,
        y: head.points.map((p) => Number(p.gap_1x1)),
        customdata: head.points.map((p) => big(p.gap_1x1)),
        name: t("cost.head.trace_gap", { k: count(head.classes) }),
        mode: "lines",
        line: { color: COLOR_B, width: 3 },
        hovertemplate: `%{x}×%{x}×${head.channels}<br>%{customdata}<extra>GAP + 1×1</extra>`,
      },
    ];
    const at = head.points.find((p) => p.side === head.side);
    if (at) {
      markX(plot, at.side, t("cost.head.here", { side: at.side }));
      const ratio = Number(at.fc) / Number(at.gap_1x1);
      headFinding.textContent = t("cost.head.finding", { side: at.side, c: count(head.channels), fc: big(at.fc), gap: big(at.gap_1x1), x: formatRatio(ratio) });
    } else {
      headFinding.textContent = t("cost.head.finding_general");
    }
    headChart.setAttribute("aria-label", headFinding.textContent);
    const Plotly = await plotly();
    await Plotly.react(headChart, traces, plot, config());
    hideDrawing(headChart);
  }

  const draw = (data) =>
    drawSweep(data).then(() => drawHead(data)).then(() => {
      document.body.dataset.charted = String(Number(document.body.dataset.charted || 0) + 1);
    });
  store.subscribe(({ data, changed }) => {
    if (data && changed === "data") draw(data);
  });
  // Presentation mode changes the type size and the panel widths: draw again.
  window.addEventListener("onebyone:layout", async () => {
    if (!store.data) return;
    await draw(store.data);
    const Plotly = await plotly();
    for (const chart of [sweepChart, headChart]) if (chart.offsetParent !== null) Plotly.Plots.resize(chart);
  });
}
