// The proof lines of the training panel, the problem in words, and the narration of
// each step for screen readers. Every figure is the server's.

import { count, diff, num } from "../format.js";
import { t } from "../i18n.js";
import { el, setText } from "./dom.js";
import { proofRow } from "./proof.js";
import { shownStep } from "./train_models.js";

// The untied FC's line is a verdict of its own: not an equality but the numbers that say it left the blocks.
function untiedRow(data, step) {
  const item = el("li", step.untied.off_count > 0 ? "proof-bad" : "proof-ok");
  item.dataset.testid = "proof-untied";
  const mark = el("span", "proof-mark", step.untied.off_count > 0 ? "✗" : "✓");
  mark.setAttribute("aria-hidden", "true");
  const { h, w, cin } = data.shape;
  const params = {
    count: count(step.untied.off_count),
    total: count(data.params.off_block_entries),
    largest: num(step.untied.off_max),
    hw: `${h}·${w}·${cin}`,
    inputs: count(h * w * cin),
    bh: data.other_size.h,
    bw: data.other_size.w,
    bigger: count(data.other_size.inputs),
  };
  const text = el("span", "proof-label", t(step.untied.off_count > 0 ? "train.proof.untied" : "train.proof.untied_still", params));
  text.dataset.testid = "proof-untied-text";
  item.append(mark, text);
  return item;
}

export function mountTrainProof(rows, problem, narration, store) {
  let spoken = null;
  store.subscribe(({ state, data, ui, changed }) => {
    if (!data || changed === "ui") return;
    const k = shownStep(state, data);
    const step = data.steps[k];
    const { h, w, cin, cout } = data.shape;
    setText(problem, t("train.problem", { h, w, cin, cout, lr: String(data.lr), steps: data.steps.length - 1 }));
    // Step 0 took no step yet: its line speaks for the whole run.
    const grad = k > 0 ? step.grad.max_abs_diff : data.summary.grad_max_abs_diff;
    const gradLabel = k > 0 ? t("train.proof.grad", { n: k }) : t("train.proof.grad_all");
    const tied = Math.max(step.tied.max_abs_diff_out, step.tied.max_abs_diff_w);
    rows.replaceChildren(
      proofRow("proof-grad", gradLabel, grad, { differenceKey: "train.proof.diff" }),
      proofRow("proof-tied", t("train.proof.tied"), tied, { differenceKey: "train.proof.diff" }),
      untiedRow(data, step),
    );
    const sentence = t("train.narration", { n: k, conv: diff(step.loss.conv), tied: diff(step.loss.tied), untied: diff(step.loss.untied), off: count(step.untied.off_count) });
    // Spoken only when the step changes, not on every redraw; while playing, the live region keeps up by itself.
    if (sentence !== spoken && (changed === "step" || ui.playing)) setText(narration, sentence);
    spoken = sentence;
  });
}
