// Number formatting for people: the server's numbers, shown without float noise.

const MINUS = "\u2212";

/** A value for a cell or an equation: at most 3 decimals, true minus sign. */
export function num(value) {
  if (!Number.isFinite(value)) return String(value);
  const rounded = Math.round(value * 1000) / 1000;
  const text = Object.is(rounded, -0) ? "0" : String(rounded);
  return text.replace("-", MINUS);
}

/** A factor inside a product: negatives in parentheses, e.g. (−2). */
export function factor(value) {
  const text = num(value);
  return text.startsWith(MINUS) ? `(${text})` : text;
}

/** A difference such as max |conv − FC|: exact 0, a plain number when it is large, else scientific notation (rounding noise). */
export function diff(value) {
  if (value === 0) return "0";
  if (Math.abs(value) >= 1e-3) return num(value);
  return value.toExponential(1).replace("-", MINUS);
}

/** A count with thousands separators, e.g. 1,048,576. */
export function count(value) {
  return value.toLocaleString("en-US");
}

/** A numeric string typed by the reader ("−1,5" and "1,5" allowed) -> number or NaN. */
export function parseTyped(text) {
  const cleaned = text.trim().replace(MINUS, "-").replace(",", ".");
  if (cleaned === "" || !/^[-+]?(\d+\.?\d*|\.\d+)(e[-+]?\d+)?$/i.test(cleaned)) return NaN;
  return Number(cleaned);
}
