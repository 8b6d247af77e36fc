// On a touch screen, a ± key beside the number being edited: the number cells ask for
// the decimal keypad (inputmode="decimal"), and iOS's has no minus sign. One key per
// page, moved to whichever cell has the focus; it never takes the focus itself, so the
// on-screen keyboard stays up.

import { t } from "../i18n.js";

const touchScreen = window.matchMedia("(pointer: coarse)");
const GAP = 6; // px between the cell and the key

let key = null;
let owner = null; // { input, negate } of the focused cell

function keyButton() {
  if (key) return key;
  key = document.createElement("button");
  key.type = "button";
  key.className = "sign-key";
  key.dataset.testid = "sign-key";
  key.textContent = "±";
  key.setAttribute("aria-label", t("cells.negate"));
  key.hidden = true;
  // A press must not move the focus: the cell keeps it and the keyboard stays open.
  key.addEventListener("mousedown", (event) => event.preventDefault());
  key.addEventListener("click", () => {
    if (!owner) return;
    owner.negate();
    owner.input.focus();
  });
  document.body.append(key);
  // A grid box scrolled sideways, or the page scrolled by the keyboard, moves the cell.
  document.addEventListener("scroll", place, { capture: true, passive: true });
  window.addEventListener("resize", place);
  return key;
}

/** Beside the cell: to its right where the screen has room, else to its left. */
function place() {
  if (!owner || key.hidden) return;
  const cell = owner.input.getBoundingClientRect();
  const width = key.offsetWidth;
  const right = cell.right + GAP + width <= document.documentElement.clientWidth;
  const left = right ? cell.right + GAP : cell.left - GAP - width;
  key.style.left = `${Math.max(0, left) + window.scrollX}px`;
  key.style.top = `${cell.top + (cell.height - key.offsetHeight) / 2 + window.scrollY}px`;
}

/** Show the key for `input` (on touch screens only); `negate()` flips the cell's number. */
export function offerSignKey(input, negate) {
  if (!touchScreen.matches) return;
  keyButton();
  owner = { input, negate };
  key.hidden = false;
  place();
}

/** Hide the key when `input` loses the focus to anything but the key. */
export function withdrawSignKey(input, nextFocus) {
  if (!owner || owner.input !== input || nextFocus === key) return;
  owner = null;
  key.hidden = true;
}
