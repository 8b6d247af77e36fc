// The URL is the state. The field table comes from the server (app/state/spec.py, in the
// boot data): the example's fields, then the page's own (`view: true`: the step, the
// chapter, presentation mode, the theme, the language), which never reach the API.
// The page and the API share names and the grammar of numbers; the server is the
// authority on validation, this only reads and writes.

/** The page's own fields that survive a preset or a reset (`kept`; the step belongs to the example). */
export function keptFields(fields) {
  return fields.filter((f) => f.kept).map((f) => f.name);
}

/** The shape controls, in order (`shape`): changing one reshapes the lists. */
export function shapeFields(fields) {
  return fields.filter((f) => f.shape).map((f) => f.name);
}

/** A list field's shape for a state: each of its `dims` ("k", "h*w*c") multiplied out. */
export function listDims(field, state) {
  return field.dims.map((dim) => dim.split("*").reduce((product, name) => product * state[name], 1));
}

const grammars = new Map();

/** Whether `text` is one number of `field` as the server reads it (the pattern comes from app/state/spec.py). */
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
    // View fields never reach the server, so they are checked here as the server reads them: bad -> default.
    if (field.kind === "choice") return field.choices.includes(raw) ? raw : field.default;
    const value = readNumber(field, raw);
    return typeof value === "number" ? value : field.default;
  }
  if (field.kind === "int") return readNumber(field, raw);
  if (field.kind === "numbers") return readNumbers(field, raw);
  return raw;
}

/** Parse a query string into the state object (unvalidated: the server checks). */
export function parseQuery(search, fields) {
  const params = new URLSearchParams(search);
  const state = {};
  for (const field of fields) state[field.name] = readField(field, params.get(field.name), { view: field.view });
  return state;
}

// The shortest text that reads back as the same number (edited cells round to six
// decimals as they are typed), spelt as the server spells it (app/state/numbers.py), so
// the answer cache knows the query by its bytes; text the link had that is not a number
// goes back as it was.
const writeNumber = String;

/** Serialise the state to a query string, leaving defaults out; `view: false` leaves the page's own fields out too. */
export function toQuery(state, fields, { view = true } = {}) {
  const params = new URLSearchParams();
  for (const field of view ? fields : fields.filter((f) => !f.view)) {
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
