// On a touch screen, a ± key for the number being edited: the number cells ask for the
// decimal keypad (inputmode="decimal"), and iOS's has no minus sign. The key sits in a bar
// docked at the bottom of the visual viewport, just above the on-screen keyboard, with the
// name of the number it changes: beside the cell it covered the next cell of the grid, the
// one a reader taps next. The focused cell, and the row below it, are scrolled above the bar. One bar per page,
// for whichever cell has the focus; it never takes the focus itself, so the keyboard stays up.

import { t } from "../i18n.js";

const touchScreen = window.matchMedia("(pointer: coarse)");
const GAP = 8; // px kept between the focused cell and the bar

let bar = null;
let key = null;
let name = null;
let owner = null; // { input, negate } of the focused cell

function signBar() {
  if (bar) return bar;
  bar = document.createElement("div");
  bar.className = "sign-bar";
  bar.dataset.testid = "sign-bar";
  bar.hidden = true;
  name = document.createElement("span");
  name.className = "sign-bar-name";
  name.setAttribute("aria-hidden", "true"); // the cell's own label already names it
  key = document.createElement("button");
  key.type = "button";
  key.className = "sign-key";
  key.dataset.testid = "sign-key";
  key.textContent = "±";
  key.setAttribute("aria-label", t("cells.negate"));
  bar.append(name, key);
  // A press anywhere on the bar must not move the focus: the cell keeps it and the keyboard stays open.
  bar.addEventListener("mousedown", (event) => event.preventDefault());
  key.addEventListener("click", () => {
    if (!owner) return;
    owner.negate();
    owner.input.focus();
  });
  document.body.append(bar);
  // The keyboard opening or closing, a pinch zoom or its pan move the visual viewport's bottom.
  const viewport = window.visualViewport;
  viewport?.addEventListener("resize", () => {
    place();
    reveal();
  });
  viewport?.addEventListener("scroll", place);
  window.addEventListener("resize", place);
  return bar;
}

/**
 * At the bottom of the visual viewport, as wide as it is, and at the same size whatever the
 * pinch zoom: a fixed box is laid out in the layout viewport, which the visual one pans over.
 */
function place() {
  if (!owner) return;
  const viewport = window.visualViewport;
  const scale = viewport?.scale ?? 1;
  const width = viewport?.width ?? document.documentElement.clientWidth;
  const bottom = (viewport?.offsetTop ?? 0) + (viewport?.height ?? window.innerHeight);
  bar.style.width = `${width * scale}px`;
  bar.style.left = `${viewport?.offsetLeft ?? 0}px`;
  bar.style.top = `${bottom - bar.offsetHeight}px`;
  bar.style.transform = scale === 1 ? "" : `scale(${1 / scale})`;
}

/**
 * Scroll the page just enough that the focused cell and a row below it are above the bar: the
 * next cell down is as likely a reader's next tap as the next one across. Never so far that
 * the cell leaves the top of a short viewport (a phone held sideways, its keyboard up).
 */
function reveal() {
  if (!owner) return;
  const cell = owner.input.getBoundingClientRect();
  const wanted = cell.bottom + GAP + cell.height + GAP - bar.getBoundingClientRect().top;
  const most = cell.top - GAP - (window.visualViewport?.offsetTop ?? 0);
  const by = Math.min(wanted, most);
  if (by > 0) window.scrollBy(0, by);
}

/** Show the key for `input` (on touch screens only); `negate()` flips the cell's number. */
export function offerSignKey(input, negate) {
  if (!touchScreen.matches) return;
  signBar();
  owner = { input, negate };
  name.textContent = input.getAttribute("aria-label") ?? "";
  bar.hidden = false;
  document.documentElement.classList.add("signing");
  place();
  reveal();
}

/** Hide the key when `input` loses the focus to anything but the key. */
export function withdrawSignKey(input, nextFocus) {
  if (!owner || owner.input !== input || nextFocus === key) return;
  owner = null;
  bar.hidden = true;
  document.documentElement.classList.remove("signing");
}
