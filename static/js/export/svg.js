// A tiny SVG writer: elements as strings, with presentation attributes only
// (fill=, font-size=...), never style="", so that an exported file looks the
// same in a browser, an <img>, Inkscape or a slide program.

import { plain } from "../i18n.js";

/** Fonts of the page, then common fallbacks: an SVG file cannot rely on the page's own. */
export const FONT = "'Noto Sans', 'DejaVu Sans', 'Segoe UI', Arial, 'Noto Sans CJK SC', 'Noto Sans CJK KR', 'PingFang SC', 'Malgun Gothic', sans-serif";

/** Text escaped for XML content and attribute values, without the page's word joiners
 *  (i18n.js keepParticles): an SVG line never wraps, and other programs may draw them. */
export function escapeXml(text) {
  return plain(String(text)).replace(/[&<>"']/g, (ch) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&apos;" })[ch]);
}

function attribute(name, value) {
  if (value === null || value === undefined || value === false) return "";
  const text = typeof value === "number" ? String(Math.round(value * 100) / 100) : escapeXml(value);
  return ` ${name}="${text}"`;
}

/** One element: `tag("rect", { x: 1, fill: "#fff" })`, or with children (strings, already SVG). */
export function tag(name, attrs = {}, ...children) {
  const open = `<${name}${Object.entries(attrs).map(([k, v]) => attribute(k, v)).join("")}`;
  const inner = children.flat(Infinity).filter(Boolean).join("");
  return inner ? `${open}>${inner}</${name}>` : `${open}/>`;
}

/** A <text> element; `attrs` may set font-size, font-weight, fill, text-anchor. */
export function text(x, y, content, attrs = {}) {
  return tag("text", { x, y, ...attrs }, escapeXml(content));
}

/** Characters a font draws a full em wide: Hangul, CJK ideographs and punctuation, fullwidth forms. */
const WIDE = /[\u1100-\u11ff\u2e80-\ua4cf\uac00-\ud7af\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6]/;

/**
 * A rough width of `content` in px at `size` (no DOM to measure in: renderers
 * are pure). Generous on purpose: a little extra room never clips a label.
 * Chinese and Korean characters count a whole em, Latin ones a little over half.
 */
export function textWidth(content, size, { bold = false } = {}) {
  let ems = 0;
  for (const ch of plain(String(content))) ems += WIDE.test(ch) ? 1 : bold ? 0.64 : 0.58;
  return ems * size;
}

/** A standalone SVG document (XML declaration, namespace, white background, <title> for accessibility). */
export function svgDocument({ width, height, title, body }) {
  const w = Math.ceil(width);
  const h = Math.ceil(height);
  return (
    '<?xml version="1.0" encoding="UTF-8"?>\n' +
    tag(
      "svg",
      { xmlns: "http://www.w3.org/2000/svg", width: w, height: h, viewBox: `0 0 ${w} ${h}`, "font-family": FONT, role: "img" },
      tag("title", {}, escapeXml(title)),
      tag("rect", { x: 0, y: 0, width: w, height: h, fill: "#ffffff" }),
      body,
    ) +
    "\n"
  );
}
