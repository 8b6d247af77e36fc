// The lab's slide as a standalone figure: the larger input (inside SAME's ring
// of zeros when that mistake is on) and the score map of the converted head,
// with outputs that differ from the FC head marked as on the page.

import { limitOf } from "../colors.js";
import { diff } from "../format.js";
import { t } from "../i18n.js";
import { foldColumns, group, perColumnFor, row } from "./layout.js";
import { arrowBetween, block, cellGrid, channelCard, figureDocument } from "./cells.js";
import { inputCaption } from "../views/lab_slide.js";
import { TOLERANCE } from "../views/proof.js";

const CELL = 38;

/** "ok", "wrong" (differs from the FC head on its crop) or "no-crop" (an output beyond every crop). */
function verdict(data, i, j) {
  const [rows, cols] = data.map_shape;
  if (i >= rows || j >= cols) return "no-crop";
  return data.conv_map[i][j].every((v, m) => Math.abs(v - data.crop_map[i][j][m]) <= TOLERANCE) ? "ok" : "wrong";
}

function inputStack(data) {
  const { bh, bw, c } = data.shape;
  const [top, bottom] = data.padding.rows;
  const [left, right] = data.padding.cols;
  const limit = limitOf(data.x);
  const cards = Array.from({ length: c }, (_, ch) =>
    channelCard(
      t("mixer.channel", { c: ch }),
      cellGrid(top + bh + bottom, left + bw + right, (gi, gj) => {
        const i = gi - top;
        const j = gj - left;
        const inside = i >= 0 && i < bh && j >= 0 && j < bw;
        return inside ? { value: data.x[i][j][ch], limit } : { value: 0, limit, kind: "pad" };
      }, { cell: CELL }),
    ),
  );
  return foldColumns(cards, perColumnFor(c, cards[0].height));
}

function mapStack(data) {
  const [rows, cols] = data.conv_map_shape;
  const k = data.conv_map[0][0].length;
  const limit = limitOf(data.conv_map);
  const cards = Array.from({ length: k }, (_, m) =>
    channelCard(
      t("mixer.channel", { c: m }),
      cellGrid(rows, cols, (i, j) => {
        const state = verdict(data, i, j);
        return { value: data.conv_map[i][j][m], limit, kind: state === "ok" ? null : state };
      }, { cell: CELL }),
    ),
  );
  return foldColumns(cards, perColumnFor(k, cards[0].height));
}

/** { svg, width, height, name } of the slide for one answer of /api/lab. */
export function slideFigure(data) {
  const { h, w, c, bh, bw, stride } = data.shape;
  const [rows, cols] = data.conv_map_shape;
  const k = data.conv_map[0][0].length;
  const input = block(t("lab.slide.input"), inputCaption(data), group("input", inputStack(data)));
  const map = block(t("lab.slide.map"), t("lab.slide.map.caption", { rows, cols, k }), group("score-map", mapStack(data)));
  const arrow = arrowBetween((data.padding.rows[0] + bh + data.padding.rows[1]) * (CELL + 4) - 4);
  const ok = data.max_abs_diff <= TOLERANCE && data.extra_outputs === 0;
  const subtitles = [
    t("export.slide.subtitle", { h, w, c, stride, rows, cols, k }),
    `${ok ? "\u2713" : "\u2717"} ${t("text.labelled", { label: t("lab.proof.diff"), value: t("proof.diff", { value: diff(data.max_abs_diff) }) })}`,
  ];
  if (data.pitfall !== "none") subtitles.push(t("export.slide.pitfall", { pitfall: t(`lab.pitfall.${data.pitfall}`) }));
  if (!ok) subtitles.push(t("export.slide.marks"));
  const figure = figureDocument({ title: t("lab.slide.heading"), subtitles, body: row([input, arrow, map], { gap: 28 }) });
  const mistake = data.pitfall === "none" ? "" : `-${data.pitfall}`;
  return { ...figure, name: `one-by-one-score-map-${bh}x${bw}x${c}-to-${rows}x${cols}x${k}${mistake}` };
}
