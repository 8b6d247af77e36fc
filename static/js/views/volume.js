// The channel mixer drawn as volumes: the input as C_in stacked H×W maps, each output
// channel's filter as its own 1×1×C_in stick of weights, and the output as C_out maps
// filling in. The walk-through's pixel is a column that pierces every input map; its
// values meet every stick, and each stick writes one number into its own output map.

import { fill, ink, limitOf } from "../colors.js";
import { count, num } from "../format.js";
import { t } from "../i18n.js";
import { currentPixel } from "./mixer.js";
import { el, setText } from "./dom.js";

const SVG = "http://www.w3.org/2000/svg";
const MAP = 84; // a map's longer side, in the drawing's units: small maps get big cells
const SHEAR = 0.5; // how far a map's far rows lean right, per row, in cells
const DEPTH = 0.5; // how tall a row looks, in cells: the maps lie flat, seen from above
const GAP = 12; // between two stacked maps
const AISLE = 44; // between the input, the sticks and the output
const SCALE = 1.6; // px per unit at most, beyond presentation mode: a small example is not drawn huge
const NUMBER = 10; // a number's type size, in the drawing's units, at type scale 1

function node(tag, attributes = {}, className) {
  const element = document.createElementNS(SVG, tag);
  for (const [name, value] of Object.entries(attributes)) element.setAttribute(name, String(value));
  if (className) element.setAttribute("class", className);
  return element;
}

/**
 * The geometry of one shape: where every map, cell and stick goes. `type` scales what holds
 * text (the sticks' squares, the badges, the labels' room) and leaves the maps as they are.
 */
function layout({ h, w, cin, cout }, type = 1) {
  const STICK = 20 * type; // a weight's square on a filter stick
  const STICK_PITCH = 32 * type; // from one stick to the next
  const LABEL = 26 * type; // room for "c0" left of each map
  const BADGE = 30 * type; // a value's badge beside a map
  const CELL = Math.min(28, MAP / Math.max(h, w));
  const sliceHeight = h * CELL * DEPTH;
  const sliceWidth = w * CELL + h * CELL * SHEAR;
  const pitch = Math.max(sliceHeight + GAP, STICK + 6);
  const top = 34 * type; // room for the filters' labels
  const inTop = top + Math.max(0, ((cout - cin) * pitch) / 2);
  const outTop = top + Math.max(0, ((cin - cout) * pitch) / 2);
  const inX = LABEL;
  const badgeX = inX + sliceWidth + 8; // the column's values, where the beams leave the maps
  const stickX = badgeX + BADGE + AISLE / 2;
  const outX = stickX + cout * STICK_PITCH - (STICK_PITCH - STICK) + AISLE + LABEL;
  const rows = Math.max(cin, cout);
  // A point of a map at row coordinate u (0..h) and column v (0..w): far rows at the top, leaning right.
  const at = (x0, y0, u, v) => [x0 + v * CELL + (h - u) * CELL * SHEAR, y0 + u * CELL * DEPTH];
  const cellPoints = (x0, y0, i, j) =>
    [at(x0, y0, i, j), at(x0, y0, i, j + 1), at(x0, y0, i + 1, j + 1), at(x0, y0, i + 1, j)].map((p) => p.join(",")).join(" ");
  const centre = (x0, y0, i, j) => at(x0, y0, i + 0.5, j + 0.5);
  return {
    type, STICK, BADGE, LABEL, h, w, cin, cout, sliceHeight, sliceWidth, pitch, inX, inTop, badgeX, stickX, outX, outTop, at, cellPoints, centre,
    inY: (c) => inTop + c * pitch,
    outY: (o) => outTop + o * pitch,
    stickLeft: (o) => stickX + o * STICK_PITCH,
    squareTop: (c) => inTop + c * pitch + sliceHeight / 2 - STICK / 2,
    biasTop: inTop + cin * pitch + 4,
    width: outX + sliceWidth + 8 + BADGE + 4,
    height: top + rows * pitch + STICK + 10 + 4 * cout,
  };
}

/**
 * The type scale at which the numbers are drawn `size` px tall in a drawing `height` px tall.
 * The drawing grows with its type, so the scale is found in a few rounds (each changes it less).
 */
function typeFor(shape, size, height) {
  let type = 1;
  for (let round = 0; round < 8; round += 1) type = Math.max(1, (size * layout(shape, type).height) / (height * NUMBER));
  return type;
}

/**
 * What the stylesheet asks of the drawing on a projector: its numbers' size and its height as
 * drawn on screen (--vol-text and --vol-height, registered lengths, in px; 0 elsewhere).
 */
function roomOf(figure) {
  const style = window.getComputedStyle(figure);
  return { text: parseFloat(style.getPropertyValue("--vol-text")) || 0, height: parseFloat(style.getPropertyValue("--vol-height")) || 0 };
}

function drawMap(parent, g, x0, y0, testid) {
  const cells = [];
  const group = node("g", { "data-testid": testid }, "vol-map");
  for (let i = 0; i < g.h; i += 1) {
    for (let j = 0; j < g.w; j += 1) {
      const cell = node("polygon", { points: g.cellPoints(x0, y0, i, j) }, "vol-cell");
      group.append(cell);
      cells.push(cell);
    }
  }
  const outline = node("polygon", {
    points: [g.at(x0, y0, 0, 0), g.at(x0, y0, 0, g.w), g.at(x0, y0, g.h, g.w), g.at(x0, y0, g.h, 0)].map((p) => p.join(",")).join(" "),
  }, "vol-outline");
  const current = node("polygon", { points: "" }, "vol-current");
  group.append(outline, current);
  parent.append(group);
  return { cells, current, x0, y0 };
}

/**
 * A box at (x, y), as tall as a stick's square, with a number, coloured as its value: a filter's weight or bias, or a value
 * the column carries. `set(value, limit)` fills it; `set(null)` hides it.
 */
function valueBox(parent, g, x, y, { testid, width = g.STICK, rx = 3 * g.type, className = "vol-weight" }) {
  const box = node("rect", { x, y, width, height: g.STICK, rx }, className);
  const text = node("text", { x: x + width / 2, y: y + g.STICK / 2, "text-anchor": "middle", "dominant-baseline": "central", "data-testid": testid }, "vol-number");
  parent.append(box, text);
  return (value, limit) => {
    const visibility = value === null ? "hidden" : "visible";
    box.setAttribute("visibility", visibility);
    text.setAttribute("visibility", visibility);
    if (value === null) return;
    box.setAttribute("fill", fill(value, limit));
    text.setAttribute("fill", ink(value, limit));
    setText(text, num(value));
  };
}

function label(parent, x, y, text, anchor = "end") {
  const element = node("text", { x, y, "text-anchor": anchor, "dominant-baseline": "central" }, "vol-label");
  element.textContent = text;
  parent.append(element);
  return element;
}

/** `fixed` names the drawing of an embed that shows only this one; elsewhere the link's `look` decides. */
export function mountVolume(root, store, { fixed = null } = {}) {
  const figure = root.querySelector('[data-testid="volume-figure"]');
  const filters = root.querySelector('[data-testid="volume-filters"]');
  const facts = root.querySelector('[data-testid="volume-facts"]');
  const description = root.querySelector('[data-testid="volume-description"]');
  let shapeKey = "";
  let parts = null;

  function build(shape, room) {
    const g = layout(shape, room.text && room.height ? typeFor(shape, room.text, room.height) : 1);
    const svg = node("svg", { viewBox: `0 0 ${g.width} ${g.height}`, role: "img", "aria-labelledby": "volume-description" }, "vol-svg");
    svg.style.setProperty("--vol-type", String(g.type));
    const beams = node("g", {}, "vol-beams");
    const wires = node("g", {}, "vol-wires");
    svg.append(beams, wires);

    const inputs = [];
    for (let c = 0; c < g.cin; c += 1) {
      label(svg, g.inX - 6, g.inY(c) + g.sliceHeight / 2, `c${c}`);
      inputs.push(drawMap(svg, g, g.inX, g.inY(c), `vol-x-${c}`));
    }
    const rod = node("line", {}, "vol-rod");
    svg.append(rod);
    const badge = { width: g.BADGE, rx: 4 * g.type, className: "vol-badge" };
    const columnBadges = inputs.map((_, c) => valueBox(svg, g, g.badgeX, g.squareTop(c), { ...badge, testid: `vol-column-${c}` }));

    const sticks = [];
    for (let o = 0; o < g.cout; o += 1) {
      const x = g.stickLeft(o);
      label(svg, x + g.STICK / 2, g.inTop - 14 * g.type, `o${o}`, "middle").classList.add("vol-filter-label");
      const weights = Array.from({ length: g.cin }, (_, c) => valueBox(svg, g, x, g.squareTop(c), { testid: `vol-w-${o}-${c}` }));
      const bias = valueBox(svg, g, x, g.biasTop, { testid: `vol-b-${o}`, rx: g.STICK / 2, className: "vol-weight vol-bias" });
      sticks.push({ weights, bias });
    }
    label(svg, g.stickLeft(0) - 6, g.biasTop + g.STICK / 2, "b");

    const outputs = [];
    for (let o = 0; o < g.cout; o += 1) {
      label(svg, g.outX - 6, g.outY(o) + g.sliceHeight / 2, `o${o}`);
      outputs.push(drawMap(svg, g, g.outX, g.outY(o), `vol-y-${o}`));
    }
    const outputBadges = outputs.map((_, o) => valueBox(svg, g, g.outX + g.sliceWidth + 6, g.outY(o) + g.sliceHeight / 2 - g.STICK / 2, { ...badge, testid: `vol-out-${o}` }));
    figure.replaceChildren(svg);
    figure.style.setProperty("--vol-width", `${Math.round(g.width * SCALE)}px`);
    parts = { g, inputs, rod, sticks, outputs, beams, wires, columnBadges, outputBadges, cards: [] };

    // One line per filter below the drawing: W's rows read as filters.
    filters.replaceChildren();
    for (let o = 0; o < g.cout; o += 1) {
      const item = el("li");
      item.dataset.testid = `volume-filter-${o}`;
      filters.append(item);
      parts.cards.push(item);
    }
  }

  function paint(data, state) {
    const { g, inputs, rod, sticks, outputs, beams, wires, columnBadges, outputBadges, cards } = parts;
    const pixel = currentPixel(state, data);
    const i = pixel === null ? null : Math.floor(pixel / g.w);
    const j = pixel === null ? null : pixel % g.w;
    const xLimit = limitOf(data.x, "x");
    const wLimit = limitOf([data.weight, data.bias], "w");
    const yLimit = limitOf(data.y, "y");

    const mark = (map) => map.current.setAttribute("points", pixel === null ? "" : g.cellPoints(map.x0, map.y0, i, j));

    inputs.forEach((map, c) => {
      map.cells.forEach((cell, k) => cell.setAttribute("fill", fill(data.x[Math.floor(k / g.w)][k % g.w][c], xLimit)));
      mark(map);
      columnBadges[c](pixel === null ? null : data.x[i][j][c], xLimit);
    });
    sticks.forEach(({ weights, bias }, o) => {
      weights.forEach((set, c) => set(data.weight[o][c], wLimit));
      bias(data.bias[o], wLimit);
    });
    outputs.forEach((map, o) => {
      map.cells.forEach((cell, k) => {
        const pending = pixel !== null && k > pixel;
        cell.classList.toggle("pending", pending);
        if (pending) cell.removeAttribute("fill");
        else cell.setAttribute("fill", fill(data.y[Math.floor(k / g.w)][k % g.w][o], yLimit));
      });
      mark(map);
      outputBadges[o](pixel === null ? null : data.y[i][j][o], yLimit);
    });

    // The column: one rod through the current pixel of every input map; a beam from each
    // map's cell across every stick (x[c] meets W[o, c] for every o); a wire from each
    // filter to its own output map.
    beams.replaceChildren();
    wires.replaceChildren();
    if (pixel === null) {
      rod.setAttribute("visibility", "hidden");
    } else {
      const [rx, top] = g.centre(g.inX, g.inY(0), i, j);
      const [, bottom] = g.centre(g.inX, g.inY(g.cin - 1), i, j);
      Object.entries({ x1: rx, x2: rx, y1: top - g.pitch * 0.45, y2: bottom + g.pitch * 0.35, visibility: "visible" }).forEach(([k, v]) => rod.setAttribute(k, v));
      for (let c = 0; c < g.cin; c += 1) {
        const [x1, y1] = g.centre(g.inX, g.inY(c), i, j);
        const y2 = g.squareTop(c) + g.STICK / 2;
        beams.append(node("path", { d: `M${x1},${y1} L${g.badgeX},${y2} H${g.stickLeft(g.cout - 1) + g.STICK + 4}` }, "vol-beam"));
      }
      for (let o = 0; o < g.cout; o += 1) {
        const [x2, y2] = g.centre(g.outX, g.outY(o), i, j);
        const x1 = g.stickLeft(o) + g.STICK / 2;
        const y1 = g.biasTop + g.STICK;
        const y3 = y1 + 6 + 4 * (g.cout - 1 - o); // each wire on its own track under the biases
        wires.append(node("path", { d: `M${x1},${y1} V${y3} H${g.outX - g.LABEL / 2 - 4 * o} L${x2},${y2}` }, "vol-wire"));
      }
    }

    const { h, w, cin, cout } = data.shape;
    cards.forEach((item, o) => {
      const weights = data.weight[o].map(num).join(", ");
      const text = t("volume.filter", { o, cin, weights, bias: num(data.bias[o]) });
      setText(item, pixel === null ? text : t("volume.filter_at", { filter: text, i, j, y: num(data.y[i][j][o]) }));
    });
    setText(facts, t("volume.facts", { cout, cin, h, w, weights: count(cout * cin), biases: count(cout), product: count(cin * cout) }));
    setText(
      description,
      pixel === null
        ? t("volume.description", { h, w, cin, cout })
        : t("volume.description_at", { h, w, cin, cout, i, j, column: data.x[i][j].map(num).join(", ") }),
    );
  }

  let shown = null;
  // Drawn only while shown: with the grids on screen, a walk-through costs the volumes nothing.
  function update(state, data) {
    if (!data || (fixed ?? state.look) !== "volume") return;
    const room = roomOf(figure);
    const key = `${data.shape.h}x${data.shape.w}x${data.shape.cin}x${data.shape.cout}:${room.text}x${room.height}`;
    if (key !== shapeKey) {
      shapeKey = key;
      build(data.shape, room);
      shown = null;
    }
    const pixel = currentPixel(state, data);
    if (shown && shown[0] === data && shown[1] === pixel) return;
    shown = [data, pixel];
    paint(data, state);
  }
  store.subscribe(({ state, data }) => update(state, data));
  // Presentation mode, or a screen of another size, asks for other type: the drawing is rebuilt to it.
  const relayout = () => update(store.state, store.data);
  window.addEventListener("onebyone:layout", relayout);
  window.addEventListener("resize", relayout);
}

/**
 * The switch between the two drawings of the mixer: grids of numbers (to edit) or volumes.
 * `fixed` names the drawing of an embed that shows only one.
 */
export function mountLook(root, store, { fixed = null } = {}) {
  const stage = root.querySelector('[data-testid="stage"]');
  const volume = root.querySelector('[data-testid="volume"]');
  const radios = [...root.querySelectorAll('input[name="look"]')];
  for (const radio of radios) radio.addEventListener("change", () => store.setView({ look: radio.value }));
  let shown = null;
  store.subscribe(({ state }) => {
    const look = fixed ?? state.look;
    if (look === shown) return;
    shown = look;
    stage.hidden = look === "volume";
    volume.hidden = look !== "volume";
    for (const radio of radios) radio.checked = radio.value === look;
  });
}
