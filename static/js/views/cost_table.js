// The cost table: every layer of paths A and B with its output, weights, biases
// and multiply-adds, the totals, and the verdict (how many times cheaper B is).
// All counts are the server's exact integers (BigInt beyond 2^53).

import { compact, count } from "../format.js";
import { joinList, pageLanguage, plain, t } from "../i18n.js";
import { el } from "./dom.js";

const COLUMNS = ["layer", "output", "weights", "biases", "macs_per_position", "macs"];

/** A count's short form in the page's language: 1.05M, 105万, 105만 (null below 10,000). */
export const short = (value) => compact(value, pageLanguage());

/** A layer in words, e.g. "1×1 conv → 64" or "3×3 conv → 64, stride 2" (the list as the page's language punctuates it). */
export function describeLayer(row) {
  const { kind, kernel, filters, stride, padding, groups, out_h: oh, out_w: ow } = row.layer;
  const k = `${kernel}×${kernel}`;
  const base = {
    conv: () => t("cost.describe.conv", { k, filters: count(filters) }),
    dw: () => t("cost.describe.dw", { k }),
    sep: () => t("cost.describe.sep", { k, filters: count(filters) }),
    fc: () => t("cost.describe.fc", { out: oh === 1 && ow === 1 ? count(filters) : `${oh}×${ow}×${count(filters)}` }),
    gap: () => t("cost.describe.gap"),
    pool: () => t("cost.describe.pool", { k }),
  }[kind]();
  const options = [];
  if (["conv", "dw", "sep"].includes(kind)) {
    if (stride !== 1) options.push(t("cost.describe.stride", { stride }));
    if (padding === "valid") options.push(t("cost.describe.valid"));
  }
  if (groups !== 1) options.push(t("cost.describe.groups", { groups }));
  return joinList([base, ...options]);
}

/** A number cell: exact count, and the short form beneath when it helps. */
function numberCell(value) {
  const td = el("td", "count");
  if (value === null) {
    td.append(el("span", "not-applicable", "—"));
    td.title = t("cost.results.varies");
    return td;
  }
  td.append(el("span", "exact", count(value)));
  const shortForm = short(value);
  if (shortForm) td.append(el("span", "short", shortForm));
  return td;
}

const shape = (dims) => dims.map((d) => count(d)).join("×");

/** The row header of a path's row: its letter, shown on the first row only (below, for screen readers alone: a blank <th> names nothing). */
function pathHeader(path, shown) {
  const letter = t(`cost.path.${path}.short`);
  const th = Object.assign(el("th", "path-cell", shown ? letter : ""), { scope: "row" });
  if (!shown) th.append(el("span", "visually-hidden", letter));
  return th;
}

/** How many times cheaper B is than A, in words ("3.76× fewer"), or "the same". */
export function times(ratio) {
  if (ratio === null) return t("cost.verdict.free");
  if (Math.abs(ratio - 1) < 0.005) return t("cost.verdict.same");
  return ratio > 1 ? t("cost.verdict.fewer", { x: formatRatio(ratio) }) : t("cost.verdict.more", { x: formatRatio(1 / ratio) });
}

/** A ratio for people: 3.76, 25.6, 1,024, 1.00 × 10⁸. */
export function formatRatio(ratio) {
  if (ratio >= 1e6) return short(ratio) ?? count(Math.round(ratio));
  if (ratio >= 100) return count(Math.round(ratio));
  return ratio.toPrecision(3);
}

export function mountCostTable(root, store) {
  const table = root.querySelector('[data-testid="cost-table"]');
  const verdict = root.querySelector('[data-testid="verdict"]');
  const warning = root.querySelector('[data-testid="shape-warning"]');
  const copied = root.querySelector('[data-testid="table-copied"]');
  let tsv = "";

  root.querySelector('[data-testid="copy-table"]').addEventListener("click", async () => {
    try {
      await navigator.clipboard.writeText(tsv);
      copied.textContent = t("cost.results.copied");
    } catch {
      copied.textContent = t("cost.results.copy_failed");
    }
    window.setTimeout(() => (copied.textContent = ""), 2500);
  });

  store.subscribe(({ data, changed }) => {
    if (!data || changed !== "data") return;
    const lines = [["", ...COLUMNS.map((c) => t(`cost.col.${c}`))]];
    table.replaceChildren();
    const caption = table.createCaption();
    caption.textContent = t("cost.results.caption", { input: shape(data.input) });
    const head = table.createTHead().insertRow();
    for (const column of ["path", ...COLUMNS]) head.append(Object.assign(el("th", ["path", "layer", "output"].includes(column) ? "" : "count", t(`cost.col.${column}`)), { scope: "col" }));
    for (const path of ["a", "b"]) {
      const body = table.createTBody();
      body.dataset.testid = `table-${path}`;
      const { layers, totals, output } = data.paths[path];
      layers.forEach((row, n) => {
        const tr = body.insertRow();
        tr.dataset.testid = `row-${path}-${n}`;
        const label = describeLayer(row);
        tr.append(
          pathHeader(path, n === 0),
          el("td", "", label),
          el("td", "shape", shape(row.out)),
          numberCell(row.weights),
          numberCell(row.biases),
          numberCell(row.macs_per_position),
          numberCell(row.macs),
        );
        lines.push([t(`cost.path.${path}.short`), label, shape(row.out), ...["weights", "biases", "macs_per_position", "macs"].map((k) => String(row[k]))]);
      });
      const total = body.insertRow();
      total.className = "total";
      total.dataset.testid = `total-${path}`;
      total.append(
        pathHeader(path, false),
        el("td", "", t("cost.results.total", { path: t(`cost.path.${path}.short`) })),
        el("td", "shape", shape(output)),
        numberCell(totals.weights),
        numberCell(totals.biases),
        numberCell(totals.macs_per_position),
        numberCell(totals.macs),
      );
      lines.push([t(`cost.path.${path}.short`), t("cost.results.total", { path: "" }).trim(), shape(output), ...["weights", "biases", "macs_per_position", "macs"].map((k) => String(totals[k] ?? ""))]);
    }
    tsv = plain(lines.map((line) => line.join("\t")).join("\n"));

    const { a, b } = data.paths;
    verdict.replaceChildren(
      Object.assign(el("p", "verdict-main"), { textContent: t("cost.verdict.macs", { times: times(data.ratio.macs), a: count(a.totals.macs), b: count(b.totals.macs) }) }),
      Object.assign(el("p", "verdict-sub"), { textContent: t("cost.verdict.params", { times: times(data.ratio.params), a: count(a.totals.params), b: count(b.totals.params) }) }),
    );
    verdict.dataset.ratio = String(data.ratio.macs);
    warning.hidden = data.same_output;
    warning.textContent = data.same_output ? "" : t("cost.results.different", { a: shape(a.output), b: shape(b.output) });
  });
}
