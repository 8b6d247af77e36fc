// Number cells: editable ones (type a value, nudge with ↑/↓, Shift: 0.1, drag up or
// down; on a touch screen, tap to type and ± for the sign, or drag a finger up or down) and read-only ones that
// react to a hover, each coloured by its value. Committing hands the new value to
// `onCommit`; the store and server decide what happens next. Moving between cells
// is grid_nav.js; building elements and grids is dom.js.

import { fill, holdScales, ink, releaseScales } from "../colors.js";
import { num, parseTyped } from "../format.js";
import { classMarker } from "./dom.js";
import { offerSignKey, withdrawSignKey } from "./sign_key.js";

const DRAG_PIXELS_PER_STEP = 8;
const LATE_ANSWER_MS = 50;

/** An <input> cell holding one number; `label` is its accessible name. */
export function editableCell({ testid, label, onCommit, onHover }) {
  const input = document.createElement("input");
  input.type = "text";
  input.inputMode = "decimal";
  input.autocomplete = "off";
  input.spellcheck = false;
  input.className = "cell editable";
  input.dataset.testid = testid;
  input.setAttribute("aria-label", label);
  input.value = "";
  let value = 0;
  let typing = false; // the reader has typed and not yet committed
  let echo = 0; // the timer that shows a committed number whose answer is late

  // A value written while the reader's selection covers the whole cell keeps it covered,
  // so what they type next replaces the number, as it would have before the answer came.
  const show = (v) => {
    const text = num(v);
    if (input.value === text) return;
    const whole = document.activeElement === input && input.value !== "" && input.selectionStart === 0 && input.selectionEnd === input.value.length;
    input.value = text;
    if (whole) input.select();
  };
  const paint = painter(input);
  const commit = (next) => {
    typing = false;
    if (!Number.isFinite(next)) {
      input.setAttribute("aria-invalid", "true");
      show(value);
      return;
    }
    input.removeAttribute("aria-invalid");
    next = Math.round(next * 1e6) / 1e6;
    if (next !== value) {
      value = next;
      onCommit(next);
      // The new number is drawn with the answer it asked for, in one frame: drawing it
      // first cost a frame of its own that the answer then waited behind. Only when the
      // answer is late does the cell show it alone.
      clearTimeout(echo);
      echo = setTimeout(() => show(value), LATE_ANSWER_MS);
    }
  };

  // The sign flips what the cell shows: the number being typed, else the committed one.
  const negate = () => {
    const typed = parseTyped(input.value);
    commit(-(typing && Number.isFinite(typed) ? typed : value));
    input.select();
  };

  input.addEventListener("focus", () => {
    input.select();
    offerSignKey(input, negate);
  });
  input.addEventListener("blur", (event) => withdrawSignKey(input, event.relatedTarget));
  input.addEventListener("input", () => {
    typing = true;
  });
  input.addEventListener("change", () => commit(parseTyped(input.value)));
  input.addEventListener("keydown", (event) => {
    if (event.altKey || event.ctrlKey || event.metaKey) return; // grid navigation
    const step = event.shiftKey ? 0.1 : 1;
    if (event.key === "ArrowUp" || event.key === "ArrowDown") {
      event.preventDefault();
      commit(value + (event.key === "ArrowUp" ? step : -step));
    } else if (event.key === "Enter") {
      event.preventDefault();
      commit(parseTyped(input.value));
      input.select();
    } else if (event.key === "Escape") {
      typing = false;
      show(value);
      input.select();
    }
  });

  // Drag up or down to nudge. With a mouse or pen, the press must not focus the cell or
  // select its text, or Chromium starts a native text drag and cancels ours; a press
  // without movement focuses the cell as a click would. A finger's press is left alone, so
  // that a tap still focuses the cell for typing: its drag is ours only once it has gone
  // further up or down than sideways (the cell's `touch-action: pan-x` keeps the page from
  // scrolling meanwhile), and a sideways one is left to a grid box's scroll or a swipe.
  let drag = null;
  input.addEventListener("pointerdown", (event) => {
    if (!event.isPrimary || event.button !== 0) return;
    const touch = event.pointerType === "touch";
    if (!touch) {
      if (document.activeElement === input) return;
      event.preventDefault();
      input.setPointerCapture(event.pointerId);
    }
    drag = { x: event.clientX, y: event.clientY, start: value, moved: false, id: event.pointerId, touch };
  });
  input.addEventListener("pointermove", (event) => {
    if (!drag || event.pointerId !== drag.id) return;
    const dy = drag.y - event.clientY;
    if (!drag.moved) {
      const dx = Math.abs(event.clientX - drag.x);
      if (drag.touch && dx >= DRAG_PIXELS_PER_STEP && dx > Math.abs(dy)) {
        drag = null; // a finger going sideways: a grid box's scroll or a swipe, not ours
        return;
      }
      if (Math.abs(dy) < DRAG_PIXELS_PER_STEP) return;
      holdScales(); // the colours stay put while the number moves
      drag.moved = true;
      input.classList.add("dragging");
    }
    commit(drag.start + Math.round(dy / DRAG_PIXELS_PER_STEP));
  });
  const endDrag = () => {
    if (drag?.moved) releaseScales();
    input.classList.remove("dragging");
    drag = null;
  };
  input.addEventListener("pointerup", () => {
    if (drag && !drag.moved && !drag.touch) input.focus();
    endDrag();
  });
  input.addEventListener("pointercancel", endDrag);
  if (onHover) {
    input.addEventListener("pointerenter", () => onHover(true));
    input.addEventListener("pointerleave", () => onHover(false));
    input.addEventListener("focus", () => onHover(true));
    input.addEventListener("blur", () => onHover(false));
  }

  return {
    element: input,
    mark: classMarker(input),
    /** Show the server's value unless the reader is typing in this cell. */
    set(v, limit) {
      clearTimeout(echo);
      value = v;
      if (!typing) show(v);
      paint(v, limit);
    },
  };
}

/** A table cell (or any element) showing a number in its colour; writes only what changed. */
export function numberWriter(element) {
  const paint = painter(element);
  let text = null;
  return (v, limit) => {
    const next = num(v);
    if (next !== text) element.textContent = text = next;
    paint(v, limit);
  };
}

/**
 * Colours an element by value, writing its style only when the colour changes: an
 * edit changes a few cells, and every write costs a style recalculation.
 */
function painter(element) {
  let shown = null;
  let shownLimit = null;
  let background = "";
  let color = "";
  return (v, limit) => {
    if (Object.is(v, shown) && limit === shownLimit) return;
    shown = v;
    shownLimit = limit;
    const nextBackground = v === null ? "" : fill(v, limit);
    const nextColor = v === null ? "" : ink(v, limit);
    if (nextBackground !== background) element.style.background = background = nextBackground;
    if (nextColor !== color) element.style.color = color = nextColor;
  };
}

/** A read-only cell for computed values; with `onHover`, its grid is a Tab stop and focus lights it as a hover does. */
export function valueCell({ testid, label, onHover }) {
  const cell = document.createElement("div");
  cell.className = "cell readonly";
  cell.dataset.testid = testid;
  cell.setAttribute("role", "img");
  cell.tabIndex = -1;
  if (onHover) {
    // A lifted finger leaves at once: a tapped cell keeps its highlight until the focus moves on.
    let heldByTouch = false;
    cell.addEventListener("pointerenter", () => onHover(true));
    cell.addEventListener("pointerleave", (event) => {
      heldByTouch = event.pointerType === "touch";
      if (!heldByTouch) onHover(false);
    });
    // The keyboard's hover: a cell reached with Tab or the arrows lights what it is connected
    // to. A mouse click also focuses the cell, but its hover already follows the pointer.
    let heldByKeyboard = false;
    cell.addEventListener("focus", () => {
      heldByKeyboard = cell.matches(":focus-visible");
      if (heldByKeyboard) onHover(true);
    });
    cell.addEventListener("blur", () => {
      if (heldByTouch || heldByKeyboard) onHover(false);
      heldByTouch = false;
      heldByKeyboard = false;
    });
  }
  const paint = painter(cell);
  const mark = classMarker(cell);
  let text = null;
  let spoken = null;
  let shown = null; // [v, limit, labelParams] of the last set(), null after clear()
  const write = (nextText, nextSpoken) => {
    if (nextText !== text) cell.textContent = text = nextText;
    if (nextSpoken !== spoken) cell.setAttribute("aria-label", (spoken = nextSpoken));
  };
  return {
    element: cell,
    tabStop: Boolean(onHover),
    mark,
    /** Show `v`; true when the cell changed. */
    set(v, limit, labelParams) {
      if (shown && Object.is(shown[0], v) && shown[1] === limit && shown[2] === labelParams) return false;
      shown = [v, limit, labelParams];
      mark("pending", false);
      paint(v, limit);
      write(num(v), label(v, labelParams));
      return true;
    },
    /** No value yet (the walk-through has not reached it): .pending, blank, with `spokenLabel` said
     *  instead (default: the label stays). Its last number and colours stay underneath, unseen: one
     *  class per cell is all Play's first frame at 8×8×8 changes in 504 cells, not their text and styles. */
    clear(spokenLabel = spoken) {
      const changed = shown !== null || spokenLabel !== spoken;
      shown = null;
      mark("pending", true);
      write(text, spokenLabel);
      return changed;
    },
  };
}
