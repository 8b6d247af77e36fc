// The channel mixer as a standalone figure: input channels, W with b, output
// channels, drawn from the server's answer (not from the page).

import { limitOf } from "../colors.js";
import { t } from "../i18n.js";
import { MUTED, box, foldColumns, group, perColumnFor, row } from "./layout.js";
import { arrowBetween, block, cellGrid, channelCard, figureDocument } from "./cells.js";
import { text } from "./svg.js";

const CELL = 40;

function channelStack(values, channels, limit, h, w) {
  const cards = Array.from({ length: channels }, (_, c) => channelCard(t("mixer.channel", { c }), cellGrid(h, w, (i, j) => ({ value: values[i][j][c], limit }), { cell: CELL })));
  return foldColumns(cards, perColumnFor(channels, cards[0].height));
}

/** W (cout × cin) with column labels c0…, row labels o0…, and b apart on the right. */
function weightsWithBias(weight, bias, limit) {
  const cout = weight.length;
  const cin = weight[0].length;
  const labelWidth = 28;
  const labels = (count, prefix, x0, y0, across) =>
    Array.from({ length: count }, (_, k) =>
      across ? text(x0 + k * (CELL + 4) + CELL / 2, y0, `${prefix}${k}`, { "font-size": 13, fill: MUTED, "text-anchor": "middle" }) : text(x0, y0 + k * (CELL + 4) + CELL / 2 + 5, `${prefix}${k}`, { "font-size": 13, fill: MUTED, "text-anchor": "end" }),
    ).join("");
  const matrix = cellGrid(cout, cin, (o, c) => ({ value: weight[o][c], limit }), { cell: CELL });
  const biasColumn = cellGrid(cout, 1, (o) => ({ value: bias[o], limit, kind: "bias" }), { cell: CELL });
  const gap = 14;
  const width = labelWidth + matrix.width + gap + biasColumn.width;
  return box(width, 20 + matrix.height, (x, y) => {
    const left = x + labelWidth;
    return (
      labels(cin, "c", left, y + 13, true) +
      text(left + matrix.width + gap + CELL / 2, y + 13, t("mixer.bias"), { "font-size": 13, fill: MUTED, "text-anchor": "middle" }) +
      labels(cout, "o", left - 6, y + 20, false) +
      matrix.draw(left, y + 20) +
      biasColumn.draw(left + matrix.width + gap, y + 20)
    );
  });
}

/** { svg, width, height, name } of the mixer for one answer of /api/mixer. */
export function mixerFigure(data) {
  const { h, w, cin, cout } = data.shape;
  const input = block(t("mixer.input"), t("mixer.input.caption", { h, w, cin }), group("input-x", channelStack(data.x, cin, limitOf(data.x), h, w)));
  const weights = block(t("mixer.weights"), t("mixer.weights.caption", { cout, cin }), group("weights-and-bias", weightsWithBias(data.weight, data.bias, limitOf([data.weight, data.bias]))));
  const output = block(t("mixer.output"), t("mixer.output.caption", { h, w, cout }), group("output-y", channelStack(data.y, cout, limitOf(data.y), h, w)));
  const arrow = arrowBetween(h * (CELL + 4) - 4);
  const body = row([input, arrow, weights, arrow, output], { gap: 22 });
  const relu = data.activation === "relu";
  const figure = figureDocument({
    title: t("export.mixer.title", { h, w, cin, cout }),
    subtitles: [t(relu ? "export.mixer.formula_relu" : "export.mixer.formula")],
    body,
  });
  return { ...figure, name: `one-by-one-mixer-${h}x${w}x${cin}-to-${cout}${relu ? "-relu" : ""}` };
}
