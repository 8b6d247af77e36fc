// Measured time: what the seed's two paths took in PyTorch on a CPU, beside what their
// multiply-adds predict. The figures are the server's (a file bench/conv_timings.py wrote,
// never a timing of the request); this view only lays them out. The server sends them
// only when the paths are the ones measured, and the panel hides otherwise.

import { count, significant } from "../format.js";
import { t } from "../i18n.js";
import { formatRatio } from "./cost_table.js";
import { el } from "./dom.js";

const COLUMNS = ["cost.timing.col.input", "cost.timing.col.a", "cost.timing.col.b", "cost.timing.col.measured", "cost.timing.col.macs"];

const ms = (value) => t("cost.timing.ms", { ms: significant(value) });
const size = (item) => `${count(item.h)}×${count(item.w)}`;

/** Path B's measured speed against path A's: "2.18× faster", "1.33× slower", "as fast". */
export function speed(speedup) {
  if (Math.abs(speedup - 1) < 0.005) return t("cost.timing.as_fast");
  return speedup > 1 ? t("cost.timing.faster", { x: formatRatio(speedup) }) : t("cost.timing.slower", { x: formatRatio(1 / speedup) });
}

/** What the multiply-adds predict for path B: "3.76× fewer". */
function predicted(ratio) {
  return ratio >= 1 ? t("cost.timing.fewer", { x: formatRatio(ratio) }) : t("cost.timing.more", { x: formatRatio(1 / ratio) });
}

/** A percentage for a sentence: 29, 3.6, 0.45 (two significant digits below 10). */
const percent = (part, whole) => {
  const value = (100 * part) / whole;
  return value >= 10 ? String(Math.round(value)) : value.toPrecision(2);
};

function caseRow(item, n, current) {
  const tr = el("tr");
  tr.dataset.testid = `timing-row-${n}`;
  const th = Object.assign(el("th", "", t("cost.timing.case", { size: size(item), padding: t(`cost.padding.${item.padding}`) })), { scope: "row" });
  if (current) {
    tr.className = "current";
    th.append(el("span", "timing-here", t("cost.timing.here")));
  }
  const b = el("td", "count");
  b.append(el("span", "exact", ms(item.ms.b)));
  const [one, four] = item.layer_ms.b;
  b.append(el("span", "short", t("cost.timing.split", { one: significant(one), four: significant(four) })));
  tr.append(th, Object.assign(el("td", "count"), { textContent: ms(item.ms.a) }), b, el("td", "count measured", speed(item.speedup)), el("td", "count", predicted(item.mac_ratio)));
  return tr;
}

export function mountCostTiming(root, store) {
  const table = root.querySelector('[data-testid="timing-table"]');
  const finding = root.querySelector('[data-testid="timing-finding"]');
  const share = root.querySelector('[data-testid="timing-share"]');
  const source = root.querySelector('[data-testid="timing-source"]');

  store.subscribe(({ data, changed }) => {
    if (!data || changed !== "data") return;
    const measured = data.measured;
    root.hidden = !measured;
    if (!measured) return;
    const { cases, machine, method, current } = measured;

    table.replaceChildren();
    table.createCaption().textContent = t("cost.timing.caption", { channels: count(measured.channels) });
    const head = table.createTHead().insertRow();
    COLUMNS.forEach((key, n) => head.append(Object.assign(el("th", n === 0 ? "" : "count", t(key)), { scope: "col" })));
    const body = table.createTBody();
    cases.forEach((item, n) => body.append(caseRow(item, n, n === current)));

    const shown = cases[current ?? 0];
    finding.textContent =
      current === null
        ? t("cost.timing.elsewhere", { input: data.input.map((d) => count(d)).join("×") })
        : t("cost.timing.finding", {
            size: size(shown),
            padding: t(`cost.padding.${shown.padding}`),
            a: ms(shown.ms.a),
            b: ms(shown.ms.b),
            speed: speed(shown.speedup),
            macs: predicted(shown.mac_ratio),
          });
    share.textContent = t("cost.timing.share", {
      size: size(shown),
      padding: t(`cost.padding.${shown.padding}`),
      macs: percent(shown.layer_macs.b[0], shown.macs.b),
      time: percent(shown.layer_ms.b[0], shown.layer_ms.b[0] + shown.layer_ms.b[1]),
    });
    source.textContent = t("cost.timing.source", {
      date: measured.date,
      cpu: machine.cpu,
      cores: machine.cores,
      threads: machine.threads,
      torch: machine.torch,
      repeats: method.repeats,
      warmup: method.warmup,
    });
  });
}
