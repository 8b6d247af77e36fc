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

/**
 * A count with thousands separators, e.g. 1,048,576 (a Number or, beyond 2^53, a BigInt:
 * exact either way); fractions keep at most 3 decimals, as toLocaleString("en-US") does.
 * Written out by hand: the first toLocaleString in a page loads ICU's locale data, 10-40 ms
 * on the way to the first drawing.
 */
export function count(value) {
  if (typeof value === "number" && (!Number.isFinite(value) || Math.abs(value) >= 1e21)) return value.toLocaleString("en-US");
  const text = typeof value === "bigint" ? value.toString() : roundedDecimal(value);
  const [whole, fraction] = text.split(".");
  const grouped = whole.replace(/\B(?=(\d{3})+$)/g, ",");
  return fraction ? `${grouped}.${fraction}` : grouped;
}

/**
 * A Number in plain decimal notation with at most 3 decimals, rounded as Intl does: on
 * its shortest decimal form (1.0005 -> 1.001), half away from zero; -0.0001 -> "-0".
 */
function roundedDecimal(value) {
  const sign = value < 0 || Object.is(value, -0) ? "-" : "";
  const abs = Math.abs(value);
  if (abs < 0.0005) return `${sign}0`;
  const [whole, fraction = ""] = String(abs).split("."); // plain notation from 0.0005 to 1e21
  if (fraction.length <= 3) return `${sign}${whole}${fraction ? `.${fraction}` : ""}`;
  let digits = BigInt(whole + fraction.slice(0, 3));
  if (fraction[3] >= "5") digits += 1n;
  const text = digits.toString().padStart(4, "0");
  const kept = `${text.slice(0, -3)}.${text.slice(-3)}`.replace(/\.?0+$/, "");
  return `${sign}${kept}`;
}

/**
 * A measured value to 3 significant digits, as measurements are read: 0.873, 12.4, 157;
 * from 1,000 on, whole and grouped (1,234). Never exponent notation.
 */
export function significant(value) {
  const text = value.toPrecision(3);
  return Math.abs(Number(text)) >= 1000 ? count(Math.round(value)) : text; // 999.7 would print 1.00e+3
}

const SUPERSCRIPT = { "-": "\u207b", 0: "\u2070", 1: "\u00b9", 2: "\u00b2", 3: "\u00b3", 4: "\u2074", 5: "\u2075", 6: "\u2076", 7: "\u2077", 8: "\u2078", 9: "\u2079" };

const compactFormats = new Map();

/**
 * A large count in short form with 3 significant digits, as readers of `language`
 * write it: 1.05M, 103M in English; 105万, 1.03亿 in Chinese; 105만, 1.03억 in Korean
 * (the browser's own Intl data). From 10^15 on, 1.89 × 10²² in every language.
 * null below 10,000, where the exact count is short enough.
 */
export function compact(value, language = "en") {
  const n = Number(value);
  const abs = Math.abs(n);
  if (abs < 1e4) return null;
  if (abs >= 1e15) {
    const [mantissa, exponent] = n.toExponential(2).split("e");
    const power = String(Number(exponent)).replace(/./g, (ch) => SUPERSCRIPT[ch]);
    return `${mantissa} \u00d7 10${power}`;
  }
  if (!compactFormats.has(language)) {
    compactFormats.set(language, new Intl.NumberFormat(language, { notation: "compact", maximumSignificantDigits: 3 }));
  }
  return compactFormats.get(language).format(n);
}

/** JSON.parse that keeps integers beyond 2^53 exact, as BigInt (the cost lab's counts go up to 10^22). */
export function parseExactJson(text) {
  return JSON.parse(text, (key, value, context) =>
    typeof value === "number" && Number.isInteger(value) && !Number.isSafeInteger(value) && context?.source ? BigInt(context.source) : value,
  );
}

/** A numeric string typed by the reader ("−1,5" and "1,5" allowed) -> number or NaN. */
export function parseTyped(text) {
  const cleaned = text.trim().replace(MINUS, "-").replace(",", ".");
  if (cleaned === "" || !/^[-+]?(\d+\.?\d*|\.\d+)(e[-+]?\d+)?$/i.test(cleaned)) return NaN;
  return Number(cleaned);
}
