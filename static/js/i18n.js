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
  return text.replace(/\{(\w+)\}/g, (whole, name) => {
    if (!(name in params)) return whole;
    const value = params[name];
    return value !== null && typeof value === "object" && typeof value.key === "string" ? t(value.key, value.params ?? {}) : String(value);
  });
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
