// The FC twin's matrix as a table: the canvas's numbers for screen readers and for readers
// who would rather not compare colours. Up to DENSE_LIMIT entries it is the whole matrix as
// drawn (x above, b and y beside); beyond that, one row per output with its non-zero entries,
// every other entry being a structural 0, so that 8×8×8 → 8 is 512 rows, not 262,144 cells.

import { count, num } from "../format.js";
import { t } from "../i18n.js";
import { flatLabel } from "./fc_twin.js";
import { mountTableToggle, numbersTable } from "./table_toggle.js";

const DENSE_LIMIT = 4096;

function fcTable(data, captionId) {
  const fc = data.fc;
  const [rows, cols] = fc.shape;
  const w = data.shape.w;
  const xName = (c) => flatLabel(fc.col_pixel[c], fc.col_channel[c], w, "x");
  const yName = (r) => flatLabel(fc.row_pixel[r], fc.row_channel[r], w, "y");
  const { row, col, value } = fc.entries;
  const outputs = (r) => [num(fc.bias[r]), num(fc.out[r])];
  if (rows * cols <= DENSE_LIMIT) {
    const matrix = Array.from({ length: rows }, () => new Array(cols).fill(null));
    for (let k = 0; k < row.length; k += 1) matrix[row[k]][col[k]] = value[k];
    const body = [[t("fc.strip_x"), ...fc.x_flat.map(num), "", ""]];
    matrix.forEach((entries, r) => body.push([yName(r), ...entries.map((v) => (v === null ? { text: "0", className: "zero" } : num(v))), ...outputs(r)]));
    const columns = [t("fc.table.output"), ...Array.from({ length: cols }, (_, c) => xName(c)), t("fc.strip_b"), t("fc.strip_y")];
    return numbersTable(captionId, t("fc.table.caption", { rows, cols }), columns, body);
  }
  const terms = Array.from({ length: rows }, () => []);
  for (let k = 0; k < row.length; k += 1) terms[row[k]].push(`${num(value[k])} · ${xName(col[k])}`);
  const body = terms.map((list, r) => [yName(r), { text: list.join(" + "), className: "terms" }, ...outputs(r)]);
  const caption = t("fc.table.caption_sparse", { rows, cols, nonzero: count(row.length) });
  return numbersTable(captionId, caption, [t("fc.table.output"), t("fc.table.row"), t("fc.strip_b"), t("fc.strip_y")], body);
}

export function mountFcTable(root, store) {
  const box = root.querySelector('[data-testid="fc-table"]');
  const table = mountTableToggle(root.querySelector('[data-testid="fc-table-toggle"]'), box, () => store.data && fcTable(store.data, `${box.id}-caption`));
  store.subscribe(({ data, changed }) => {
    if (data && changed === "data") table.update();
  });
}
