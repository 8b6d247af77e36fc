// A diverging, colour-blind-safe scale centred on 0 (ColorBrewer PuOr, 5 classes):
// purple for negative, near-white for 0, orange for positive.

const STOPS = [
  [-1, [94, 60, 153]],
  [-0.5, [178, 171, 210]],
  [0, [247, 247, 247]],
  [0.5, [253, 184, 99]],
  [1, [230, 97, 1]],
];

function rgbOf(value, limit) {
  const t = limit > 0 ? Math.max(-1, Math.min(1, value / limit)) : 0;
  for (let k = 1; k < STOPS.length; k += 1) {
    const [t1, c1] = STOPS[k];
    if (t <= t1) {
      const [t0, c0] = STOPS[k - 1];
      const u = (t - t0) / (t1 - t0);
      return c0.map((c, i) => Math.round(c + u * (c1[i] - c)));
    }
  }
  return STOPS[STOPS.length - 1][1];
}

function luminance([r, g, b]) {
  const lin = (c) => {
    const s = c / 255;
    return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
  };
  return 0.2126 * lin(r) + 0.7152 * lin(g) + 0.0722 * lin(b);
}

/** Background colour of `value` on a scale symmetric around 0 up to `limit`. */
export function fill(value, limit) {
  return `rgb(${rgbOf(value, limit).join(",")})`;
}

/**
 * Black or white text, whichever contrasts more with `fill(value, limit)` (WCAG). Pure
 * black, not a softer #111: at the scale's mid purples the better of black and white
 * only just passes 4.5:1 (4.58 at worst), and #111 fell under it (4.48, axe-core).
 */
export function ink(value, limit) {
  const l = luminance(rgbOf(value, limit));
  return (l + 0.05) / 0.05 >= 1.05 / (l + 0.05) ? "#000" : "#fff";
}

// While a number is dragged, each named scale keeps the limit it had when the drag began: the
// other cells keep their colours and the dragged one alone deepens (or saturates). Letting go
// draws the answer again on its own scales ("onebyone:scales", which the store answers).
const lastLimits = new Map();
let heldLimits = null;

export function holdScales() {
  heldLimits = new Map(lastLimits);
}

export function releaseScales() {
  heldLimits = null;
  window.dispatchEvent(new Event("onebyone:scales"));
}

/**
 * The largest |v| of a nested array, at least 1 so that small values stay pale. `scale` names
 * what the values are ("x", "w" for W with b, "y", ...): the same name for the same numbers in
 * every view, so that a drag holds them all alike.
 */
export function limitOf(values, scale) {
  let largest = 0;
  for (const v of values.flat(Infinity)) largest = Math.max(largest, Math.abs(v));
  const limit = Math.max(largest, 1);
  if (!scale) return limit;
  if (heldLimits?.has(scale)) return heldLimits.get(scale);
  lastLimits.set(scale, limit);
  return limit;
}
