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

const grammars = new Map();

/** Whether `text` is one number of `field` as the server reads it (the pattern comes from app/state.py). */
function isNumberText(field, text) {
  if (!grammars.has(field.pattern)) grammars.set(field.pattern, new RegExp(`^(?:${field.pattern})$`));
  return grammars.get(field.pattern).test(text);
}

/**
 * One number of a field, read as the server reads it. Anything else stays the text the
 * link had (`0x10`, `１`, ` 5`, and numbers out of range such as `1e309`), so the server
 * refuses it and its error quotes what the reader wrote, rather than the page reading a
 * number the server would not.
 */
function readNumber(field, text) {
  if (!isNumberText(field, text)) return text;
  const value = Number(text);
  return value >= field.minimum && value <= field.maximum ? value + 0 : text; // + 0: -0 is written 0, as the server does
}

/** A list field's comma-separated text, entry by entry (see readNumber). */
export function readNumbers(field, raw) {
  return raw.split(",").map((part) => readNumber(field, part));
}

function readField(field, raw, { view = false } = {}) {
  if (raw === null || raw === "") return field.default ?? null;
  if (view) {
    // View fields never reach the server, so they are checked here: bad -> default.
    if (field.kind === "choice") return field.choices.includes(raw) ? raw : field.default;
    const value = Number(raw);
    return /^\d+$/.test(raw) && value >= field.minimum && value <= field.maximum ? value : field.default;
  }
  if (field.kind === "int") return readNumber(field, raw);
  if (field.kind === "numbers") return readNumbers(field, raw);
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

// The shortest text that reads back as the same number (edited cells round to six
// decimals as they are typed); text the link had that is not a number goes back as it was.
const writeNumber = String;

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
