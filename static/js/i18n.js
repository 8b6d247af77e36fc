// Reader-visible text comes from the served catalog, never from code.
let strings = {};

/** Install the catalog (key -> text) that the page was booted with. */
export function setCatalog(catalog) {
  strings = catalog;
}

/** The page's language as a BCP 47 tag (`<html lang>`, set by the server), for Intl formats. */
export function pageLanguage() {
  return document.documentElement.lang || "en";
}

/** The text of `key` with `{name}` placeholders filled; a missing key shows itself. A
 *  parameter may itself be a message, `{key, params}` (the server's errors nest a range). */
export function t(key, params = {}) {
  const text = strings[key];
  if (text === undefined) {
    console.warn(`missing string: ${key}`);
    return key;
  }
  const filled = text.replace(/\{(\w+)\}/g, (whole, name) => {
    if (!(name in params)) return whole;
    const value = params[name];
    return value !== null && typeof value === "object" && typeof value.key === "string" ? t(value.key, value.params ?? {}) : String(value);
  });
  return pageLanguage() === "ko" ? keepParticles(filled) : filled;
}

// A Korean particle or ending written straight after a formula, a number or a bracket
// ("Wᵀ(3×2)를", "|차이|를", "[2, −1]입니다"): Chromium may break the line between them.
// A word joiner (U+2060, invisible) keeps them together; app/i18n/catalog.py does the same.
// An opening bracket needs none: no line breaks after it.
const PARTICLE_AFTER_SYMBOL = /([^\s\u2060([{\u1100-\u11ff\u3130-\u318f\uac00-\ud7af])(?=[\uac00-\ud7af])/g;

/** `text` with a word joiner between a symbol and the Hangul that follows it. */
export function keepParticles(text) {
  return text.replace(PARTICLE_AFTER_SYMBOL, "$1\u2060");
}

/** Text without the word joiners that keepParticles added, for the clipboard and files. */
export function plain(text) {
  return text.replaceAll("\u2060", "");
}

/** `items` joined as the page's language writes a list: "a, b" (text.list) or "a; b" (text.list_strong); "a，b", "a；b" in Chinese. */
export function joinList(items, key = "text.list") {
  return items.length ? items.reduce((list, item) => t(key, { list, item })) : "";
}

/** What the server said was wrong (a 422's detail), in the page's language when the
 *  catalog knows its words, else as the server wrote it. */
export function problemText(problem) {
  return typeof problem.key === "string" && problem.key in strings ? t(problem.key, problem.params ?? {}) : (problem.msg ?? "");
}
