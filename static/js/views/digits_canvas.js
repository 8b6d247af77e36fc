// The drawing surface of the digits view: a strip of 32×160 points over 8×40 ink cells.
// The reader inks points with a mouse, a pen or a finger (or, from the keyboard, whole
// cells); each cell is shaded by the ink count the server read from it (inked points of
// its 4×4 block, 0 to 16), the number the network sees. The 8×8 window of the map
// position under the pointer is outlined. The drawing is `ink` in the URL (app/core/digits.py).

import { t } from "../i18n.js";

const RADIUS = 2; // the pen's radius, in points: a stroke about 4 points wide, as thick as the UCI forms' strokes (a full 4×4 block reads 16)
const SEND_EVERY = 90; // ms between two sends while a stroke goes on
const MOVES = { ArrowLeft: [0, -1], ArrowRight: [0, 1], ArrowUp: [-1, 0], ArrowDown: [1, 0] };

/** The drawing's link text: its points row by row, 8 to a byte (first in the high bit), URL-safe base64 without padding. */
export function encodeDrawing(points) {
  let binary = "";
  for (let k = 0; k < points.length; k += 8) {
    let byte = 0;
    for (let b = 0; b < 8; b += 1) byte = (byte << 1) | (points[k + b] ? 1 : 0);
    binary += String.fromCharCode(byte);
  }
  return btoa(binary).replaceAll("+", "-").replaceAll("/", "_").replace(/=+$/, "");
}

/** The points of a link text (rows·columns of 0/1), or null when it is not one. */
export function decodeDrawing(text, count) {
  let binary;
  try {
    binary = atob(text.replaceAll("-", "+").replaceAll("_", "/"));
  } catch {
    return null;
  }
  if (binary.length * 8 < count) return null;
  const points = new Uint8Array(count);
  for (let k = 0; k < count; k += 1) points[k] = (binary.charCodeAt(k >> 3) >> (7 - (k & 7))) & 1;
  return points;
}

function colours(element) {
  const css = window.getComputedStyle(element);
  const read = (name) => css.getPropertyValue(name).trim();
  return { paper: read("--paper"), ink: read("--ink"), line: read("--grid"), shade: read("--accent"), window: read("--focus"), cursor: read("--lit") };
}

/**
 * `field`: the `ink` field of the spec (rows, columns, block, default). `shownWindow(state, ui)`:
 * the first ink column of the window to outline, or null.
 */
export function mountDigitsCanvas(root, store, field, shownWindow) {
  const { rows, columns, block } = field;
  const cellRows = rows / block;
  const cellColumns = columns / block;
  const canvas = root.querySelector('[data-testid="digits-canvas"]');
  const context = canvas.getContext("2d");
  const eraser = root.querySelector('[data-testid="pen-erase"]');
  let points = decodeDrawing(store.state.ink ?? field.default, rows * columns) ?? new Uint8Array(rows * columns);
  let sent = encodeDrawing(points);
  let strip = null; // the server's ink counts, 8×40
  let cursor = null; // the keyboard's ink cell, [row, column], once the canvas has had a key
  let last = null; // the previous point of the stroke, in points
  let timer = null;
  let size = { width: 0, height: 0, scale: 1 };
  // Its shape from the start (a canvas is 2:1 until told otherwise): the page's first paint has it.
  canvas.style.aspectRatio = `${columns} / ${rows}`;

  function send() {
    window.clearTimeout(timer);
    timer = null;
    const text = encodeDrawing(points);
    if (text === sent) return;
    sent = text;
    canvas.dataset.sent = text; // the drawing last sent: the address holds it once its answer is drawn
    store.set({ ink: text });
  }

  function sendSoon() {
    timer ??= window.setTimeout(send, SEND_EVERY);
  }

  function fit() {
    const width = canvas.parentElement.clientWidth;
    const height = Math.round((width * rows) / columns);
    const ratio = window.devicePixelRatio || 1;
    if (width === size.width && ratio === size.scale) return;
    size = { width, height, scale: ratio };
    canvas.width = Math.round(width * ratio);
    canvas.height = Math.round(height * ratio);
    draw();
  }

  function draw() {
    if (!size.width) return;
    const { paper, ink, line, shade, window: outline, cursor: cursorColour } = colours(canvas);
    const unit = canvas.width / columns; // one point, in device pixels
    context.fillStyle = paper;
    context.fillRect(0, 0, canvas.width, canvas.height);
    // Each ink cell shaded by the count the network reads (the server's, once it has answered).
    if (strip) {
      context.fillStyle = shade;
      for (let i = 0; i < cellRows; i += 1) {
        for (let j = 0; j < cellColumns; j += 1) {
          const count = strip[i][j];
          if (!count) continue;
          context.globalAlpha = 0.1 + (0.6 * count) / (block * block);
          context.fillRect(j * block * unit, i * block * unit, block * unit, block * unit);
        }
      }
      context.globalAlpha = 1;
    }
    context.fillStyle = ink;
    for (let r = 0; r < rows; r += 1) {
      for (let c = 0; c < columns; c += 1) {
        if (points[r * columns + c]) context.fillRect(c * unit, r * unit, unit, unit);
      }
    }
    // The cells' edges, and every 8th column (where a window of stride 8 starts) a little stronger.
    context.strokeStyle = line;
    for (let j = 0; j <= cellColumns; j += 1) {
      context.lineWidth = j % 8 === 0 ? 2 * size.scale : size.scale;
      context.beginPath();
      context.moveTo(j * block * unit, 0);
      context.lineTo(j * block * unit, canvas.height);
      context.stroke();
    }
    context.lineWidth = size.scale;
    for (let i = 0; i <= cellRows; i += 1) {
      context.beginPath();
      context.moveTo(0, i * block * unit);
      context.lineTo(canvas.width, i * block * unit);
      context.stroke();
    }
    const first = shownWindow(store.state, store.ui);
    if (first !== null && store.data) {
      const span = store.data.shape.window * block * unit;
      context.strokeStyle = outline;
      context.lineWidth = 3 * size.scale;
      context.strokeRect(first * block * unit + context.lineWidth / 2, context.lineWidth / 2, span - context.lineWidth, canvas.height - context.lineWidth);
    }
    if (cursor && document.activeElement === canvas) {
      context.strokeStyle = cursorColour;
      context.lineWidth = 2 * size.scale;
      context.strokeRect(cursor[1] * block * unit, cursor[0] * block * unit, block * unit, block * unit);
    }
  }

  function describe() {
    const inked = strip ? strip.flat().filter((count) => count > 0).length : 0;
    canvas.setAttribute("aria-label", t("digits.canvas.label", { rows: cellRows, columns: cellColumns, inked }));
  }

  // Points within RADIUS of the segment from `from` to `to` (in points) take the pen's ink.
  function stroke(from, to) {
    const value = eraser.checked ? 0 : 1;
    const steps = Math.max(1, Math.ceil(Math.hypot(to[0] - from[0], to[1] - from[1]) * 2));
    let changed = false;
    for (let s = 0; s <= steps; s += 1) {
      const y = from[0] + ((to[0] - from[0]) * s) / steps;
      const x = from[1] + ((to[1] - from[1]) * s) / steps;
      const reach = Math.ceil(RADIUS);
      for (let r = Math.floor(y) - reach; r <= Math.floor(y) + reach; r += 1) {
        for (let c = Math.floor(x) - reach; c <= Math.floor(x) + reach; c += 1) {
          if (r < 0 || c < 0 || r >= rows || c >= columns) continue;
          if (Math.hypot(r + 0.5 - y, c + 0.5 - x) > RADIUS) continue;
          if (points[r * columns + c] !== value) {
            points[r * columns + c] = value;
            changed = true;
          }
        }
      }
    }
    if (changed) draw();
    return changed;
  }

  function pointAt(event) {
    const box = canvas.getBoundingClientRect();
    return [((event.clientY - box.top) / box.height) * rows, ((event.clientX - box.left) / box.width) * columns];
  }

  canvas.addEventListener("pointerdown", (event) => {
    if (event.button !== 0) return;
    canvas.setPointerCapture(event.pointerId);
    last = pointAt(event);
    if (stroke(last, last)) sendSoon();
    event.preventDefault();
  });
  canvas.addEventListener("pointermove", (event) => {
    if (last === null) return;
    const here = pointAt(event);
    if (stroke(last, here)) sendSoon();
    last = here;
  });
  const end = () => {
    if (last === null) return;
    last = null;
    send();
  };
  canvas.addEventListener("pointerup", end);
  canvas.addEventListener("pointercancel", end);

  // From the keyboard: the arrows move a cell-sized cursor, Space or Enter inks its whole
  // block (16 points), Delete or Backspace clears it.
  canvas.addEventListener("keydown", (event) => {
    const move = MOVES[event.key];
    if (!cursor && (move || event.key === " " || event.key === "Enter")) cursor = [0, 0];
    if (move) {
      cursor = [Math.max(0, Math.min(cellRows - 1, cursor[0] + move[0])), Math.max(0, Math.min(cellColumns - 1, cursor[1] + move[1]))];
      draw();
    } else if (event.key === " " || event.key === "Enter" || event.key === "Delete" || event.key === "Backspace") {
      const value = event.key === "Delete" || event.key === "Backspace" ? 0 : 1;
      for (let r = cursor[0] * block; r < (cursor[0] + 1) * block; r += 1) {
        for (let c = cursor[1] * block; c < (cursor[1] + 1) * block; c += 1) points[r * columns + c] = value;
      }
      draw();
      send();
    } else {
      return;
    }
    event.preventDefault();
  });
  canvas.addEventListener("focus", draw);
  canvas.addEventListener("blur", draw);

  root.querySelector('[data-testid="clear-drawing"]').addEventListener("click", () => {
    points = new Uint8Array(rows * columns);
    draw();
    send();
  });

  new ResizeObserver(fit).observe(canvas.parentElement);
  window.addEventListener("onebyone:layout", draw); // a new theme: the drawing in the new colours

  store.subscribe(({ state, data, changed }) => {
    if (changed === "data" && data) {
      // A preset, a reset or a reload brings a drawing of its own; a stroke under way keeps the reader's.
      const text = state.ink ?? field.default;
      if (text !== sent && last === null && timer === null) {
        points = decodeDrawing(text, rows * columns) ?? points;
        sent = text;
      }
      strip = data.strip;
      describe();
    }
    draw();
  });
}
