// FC1's rows as K kernels of H×W×C, a standalone figure: each kernel's
// channels side by side, the kernels in rows, as the lab page shows them.

import { limitOf } from "../colors.js";
import { t } from "../i18n.js";
import { column, group, row, textBox } from "./layout.js";
import { cellGrid, channelCard, figureDocument } from "./cells.js";

const CELL = 36;

/** { svg, width, height, name } of the kernels for one answer of /api/lab. */
export function kernelsFigure(data) {
  const { h, w, c, k } = data.shape;
  const limit = limitOf(data.kernels);
  const cards = data.kernels.map((kernel, n) =>
    column(
      [
        textBox(t("lab.kernels.kernel", { k: n }), { size: 16, bold: true }),
        row(
          Array.from({ length: c }, (_, ch) => channelCard(t("mixer.channel", { c: ch }), cellGrid(h, w, (a, b) => ({ value: kernel[a][b][ch], limit }), { cell: CELL }))),
          { gap: 14 },
        ),
      ],
      { gap: 6 },
    ),
  );
  // About as wide as tall: kernels per line from the width of one kernel.
  const perLine = Math.max(1, Math.min(k, Math.round(1300 / (cards[0].width + 36))));
  const lines = [];
  for (let n = 0; n < cards.length; n += perLine) lines.push(row(cards.slice(n, n + perLine), { gap: 36 }));
  const order = data.pitfall === "order" ? "-wrong-order" : "";
  const subtitles = [t("export.kernels.subtitle", { k, h, w, c, n: h * w * c, order: t(data.order === "hwc" ? "lab.order.hwc" : "lab.order.chw") })];
  if (data.pitfall === "order") subtitles.push(`\u2717 ${t("lab.kernels.wrong")}`);
  const figure = figureDocument({ title: t("lab.kernels.heading"), subtitles, body: group("kernels", column(lines, { gap: 22 })) });
  return { ...figure, name: `one-by-one-kernels-${k}-of-${h}x${w}x${c}${order}` };
}
