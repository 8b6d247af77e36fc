// Facts beside the lab: Linear on the flattened tensor vs on the channel axis,
// and real networks' FC heads as convolutions (shapes and counts from the server).

import { count } from "../format.js";
import { joinList, t } from "../i18n.js";
import { el } from "./dom.js";

function table(testid, headers, rows) {
  const node = el("table", "facts");
  node.dataset.testid = testid;
  const head = node.createTHead().insertRow();
  // An empty corner is a <td>: a blank <th> would be a header without a name.
  for (const text of headers) head.append(text ? Object.assign(el("th", "", text), { scope: "col" }) : el("td"));
  const body = node.createTBody();
  for (const cells of rows) {
    const tr = body.insertRow();
    cells.forEach((text, n) => tr.append(n === 0 ? Object.assign(el("th", "", text), { scope: "row" }) : el("td", "", text)));
  }
  return node;
}

export function mountLabFacts(linearRoot, realRoot, store, realHeads) {
  const linearTable = linearRoot.querySelector('[data-testid="lab-linear-table"]');
  const realTable = realRoot.querySelector('[data-testid="lab-real-table"]');
  const shape = (dims) => dims.join("×");

  realTable.replaceChildren(
    table(
      "real-heads",
      [t("lab.real.col.network"), t("lab.real.col.layers"), t("lab.real.col.params"), t("lab.real.col.maps")],
      realHeads.map((head) => [
        t(`lab.real.${head.key}`),
        joinList(head.layers.map((layer) => t("lab.real.layer", { filters: count(layer.filters), kernel: shape(layer.kernel) })), "text.list_strong"),
        count(head.total_params),
        joinList(head.maps.map((m) => t("lab.real.map", { image: m.image, feature: m.feature, rows: m.map[0], cols: m.map[1] })), "text.list_strong"),
      ]),
    ),
  );

  store.subscribe(({ data, changed }) => {
    if (!data || changed !== "data") return;
    const rows = ["flattened", "channel_axis"].map((key) => {
      const row = data.linear[key];
      return [t(`lab.linear.row.${key}`), count(row.in_features), shape(row.out_shape), count(row.params), t(`lab.linear.is.${key}`)];
    });
    linearTable.replaceChildren(
      table("linear-contrast", ["", t("lab.linear.col.in"), t("lab.linear.col.out"), t("lab.linear.col.params"), t("lab.linear.col.is")], rows),
    );
  });
}
