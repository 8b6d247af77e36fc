// One row of a proof box: a reading, its measured max |difference|, and the verdict in words.

import { diff } from "../format.js";
import { t } from "../i18n.js";

/** Differences at or below this are floating-point noise: the numbers agree. */
export const TOLERANCE = 1e-9;

export function proofRow(testid, label, value, { differenceKey = "proof.diff" } = {}) {
  const item = document.createElement("li");
  item.dataset.testid = testid;
  const ok = value <= TOLERANCE;
  item.className = ok ? "proof-ok" : "proof-bad";
  const mark = document.createElement("span");
  mark.className = "proof-mark";
  mark.setAttribute("aria-hidden", "true");
  mark.textContent = ok ? "✓" : "✗";
  const name = document.createElement("span");
  name.className = "proof-label";
  name.textContent = label;
  const figure = document.createElement("span");
  figure.className = "proof-diff";
  figure.dataset.testid = `${testid}-diff`;
  figure.textContent = t(differenceKey, { value: diff(value) });
  const verdict = document.createElement("strong");
  verdict.textContent = ok ? t("proof.equal") : t("proof.different");
  item.append(mark, name, figure, verdict);
  return item;
}
