// Beside the connection table: the chosen output map's formula with the worked example's
// numbers at output position (0, 0), the counts against the full table, the proof that the
// two computations agree, and the same layer in the cost lab. All numbers are the server's.

import { count, factor, num } from "../format.js";
import { joinList, t } from "../i18n.js";
import { el, setText } from "./dom.js";
import { proofRow } from "./proof.js";
import { shownMap } from "./table_grid.js";
import { kernelName, mapName, subscript } from "./table_notation.js";

const COUNT_ROWS = ["connections", "weights", "biases", "params", "macs_per_position", "macs"];

/** The sum written out twice, symbols then numbers: y₃ = b₃ + K₃,₃∗x₃ + … = 1 + 4 + (−2) + … = 13. */
export function equation(entry, k, { i, j }) {
  const at = k === 1 ? "" : `(${i}, ${j})`;
  const symbols = [mapName("b", entry.o)];
  const numbers = [num(entry.bias)];
  for (const term of entry.terms) {
    if (k === 1) {
      symbols.push(`${kernelName("w", entry.o, term.c)}·${mapName("x", term.c)}`);
      numbers.push(`${factor(term.weight)}·${factor(term.input)}`);
    } else {
      symbols.push(`(${kernelName("K", entry.o, term.c)} ∗ ${mapName("x", term.c)})`);
      numbers.push(factor(term.value));
    }
  }
  return `${mapName("y", entry.o)}${at} = ${symbols.join(" + ")} = ${numbers.join(" + ")} = ${num(entry.total)}`;
}

function countsTable(data) {
  const table = el("table", "facts");
  const head = table.createTHead().insertRow();
  head.append(el("td"));
  for (const key of ["this", "full"]) head.append(Object.assign(el("th", "", t(`table.counts.col.${key}`)), { scope: "col" }));
  const body = table.createTBody();
  for (const row of COUNT_ROWS) {
    const tr = body.insertRow();
    tr.dataset.testid = `count-${row}`;
    tr.append(Object.assign(el("th", "", t(`table.counts.row.${row}`, { k: data.shape.k, positions: count(data.counts.positions) })), { scope: "row" }));
    tr.append(el("td", "", count(data.counts[row])), el("td", "", count(data.full_counts[row])));
  }
  return table;
}

/** The cost lab's URL for the server's query: its `:` and `,` left readable, as the cost lab writes them. */
function costHref(base, query) {
  const text = Object.entries(query)
    .map(([name, value]) => `${name}=${encodeURIComponent(value).replace(/%3A/g, ":").replace(/%2C/g, ",")}`)
    .join("&");
  const lang = new URLSearchParams(window.location.search).get("lang");
  return `${base}/cost?${text}${lang ? `&lang=${encodeURIComponent(lang)}` : ""}`;
}

export function mountTableFacts(root, store, { base }) {
  const part = (testid) => root.querySelector(`[data-testid="${testid}"]`);
  const heading = part("formula-heading");
  const reads = part("formula-reads");
  const equationLine = part("formula-equation");
  const note = part("formula-note");
  const counts = part("counts-table");
  const fewer = part("table-fewer");
  const proof = part("table-proof-rows");
  const costLine = part("cost-line");
  let drawnData = null;

  function drawAnswer(data) {
    counts.replaceChildren(...countsTable(data).childNodes);
    setText(fewer, data.fewer > 1 ? t("table.counts.fewer", { times: num(data.fewer) }) : t("table.counts.same"));
    proof.replaceChildren(proofRow("table-proof-row", t("table.proof.row"), data.max_abs_diff, { differenceKey: "table.proof.diff" }));
    if (data.cost) {
      const link = el("a", "", t("table.cost.link", { a: data.cost.a, b: data.cost.b }));
      link.href = costHref(base, data.cost);
      link.dataset.testid = "cost-link";
      costLine.replaceChildren(link);
    } else {
      costLine.replaceChildren(el("span", "", t("table.cost.none")));
    }
  }

  store.subscribe(({ state, data, ui }) => {
    if (!data) return;
    if (data !== drawnData) {
      drawAnswer(data);
      drawnData = data;
    }
    const o = Math.min(shownMap(state, ui), data.shape.cout - 1);
    const entry = data.pixel.maps[o];
    const { k, cin } = data.shape;
    setText(heading, t("table.formula.heading", { map: mapName("y", o), i: data.pixel.i, j: data.pixel.j }));
    const list = joinList(entry.terms.map((term) => mapName("x", term.c)));
    setText(reads, t("table.formula.reads", { map: mapName("y", o), count: entry.terms.length, total: cin, list }));
    setText(equationLine, equation(entry, k, data.pixel));
    setText(note, k === 1 ? t("table.formula.k1") : t("table.formula.window", { k, kernel: kernelName("K", o, entry.terms[0]?.c ?? 0), o: subscript(o) }));
  });
}
