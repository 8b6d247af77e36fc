// Reader-visible text comes from the served catalog, never from code.
let strings = {};

/** Install the catalog (key -> text) that the page was booted with. */
export function setCatalog(catalog) {
  strings = catalog;
}

/** The text of `key` with `{name}` placeholders filled; a missing key shows itself. */
export function t(key, params = {}) {
  const text = strings[key];
  if (text === undefined) {
    console.warn(`missing string: ${key}`);
    return key;
  }
  return text.replace(/\{(\w+)\}/g, (whole, name) => (name in params ? String(params[name]) : whole));
}
