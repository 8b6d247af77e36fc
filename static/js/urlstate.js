// The URL is the state. The field table comes from the server (app/state.py), so
// the page URL and the API query share names; the server is the authority on
// validation, this only reads and writes.

/**
 * View-only fields: in the page URL, never sent to the API. The walk-through's
 * step, the guided path's chapter, presentation mode, the embed's theme and the
 * language (the server renders the page in it; kept so a link keeps its language).
 */
export const VIEW_FIELDS = [
  { name: "step", kind: "int", default: null, minimum: 0, maximum: 64 },
  { name: "chapter", kind: "int", default: null, minimum: 1, maximum: 8 },
  { name: "present", kind: "int", default: null, minimum: 1, maximum: 1 },
  { name: "theme", kind: "choice", default: "light", choices: ["light", "dark"] },
  { name: "lang", kind: "choice", default: null, choices: ["en", "zh", "ko"] },
];

/** View fields that survive a preset or a reset (the step belongs to the example). */
export const KEPT_VIEW_FIELDS = ["chapter", "present", "theme", "lang"];

function readField(field, raw, { view = false } = {}) {
  if (raw === null || raw === "") return field.default ?? null;
  if (view) {
    // View fields never reach the server, so they are checked here: bad -> default.
    if (field.kind === "choice") return field.choices.includes(raw) ? raw : field.default;
    const value = Number(raw);
    return /^\d+$/.test(raw) && value >= field.minimum && value <= field.maximum ? value : field.default;
  }
  if (field.kind === "int") return /^\d+$/.test(raw) ? Number(raw) : raw;
  if (field.kind === "numbers") return raw.split(",").map((part) => (part.trim() === "" ? NaN : Number(part)));
  return raw;
}

/** Parse a query string into the state object (unvalidated: the server checks). */
export function parseQuery(search, fields) {
  const params = new URLSearchParams(search);
  const state = {};
  for (const field of fields) state[field.name] = readField(field, params.get(field.name));
  for (const field of VIEW_FIELDS) state[field.name] = readField(field, params.get(field.name), { view: true });
  return state;
}

function writeNumber(v) {
  return Number.isFinite(v) ? String(Math.round(v * 1e6) / 1e6) : String(v);
}

/** Serialise the state to a query string, leaving defaults out. `view` adds view fields. */
export function toQuery(state, fields, { view = true } = {}) {
  const params = new URLSearchParams();
  for (const field of view ? [...fields, ...VIEW_FIELDS] : fields) {
    const value = state[field.name];
    if (value === null || value === undefined || value === field.default) continue;
    params.set(field.name, Array.isArray(value) ? value.map(writeNumber).join(",") : String(value));
  }
  // Commas and colons are safe in a query; left unescaped, lists and layer chains stay readable.
  return params.toString().replaceAll("%2C", ",").replaceAll("%3A", ":");
}

/** The default state: every field at its default. */
export function defaults(fields) {
  return parseQuery("", fields);
}
