// One store, many views. It holds the example (mirrored in the URL), the server's
// answer for it, and transient UI state (hover, playback). Views subscribe and
// never call each other; the URL is written here and nowhere else.

import { KEPT_VIEW_FIELDS, parseQuery, toQuery } from "./urlstate.js";

/**
 * `fields`: the view's state table (from the server); `apiUrl`: its JSON twin;
 * `shapeFields`: fields whose change invalidates the lists; `stepCount(data)`:
 * how many walk-through steps an answer has; `parse`: how to read the answer's
 * body (default JSON.parse).
 */
export function createStore({ fields, apiUrl, shapeFields, stepCount = () => 0, parse = JSON.parse, location = window.location, history = window.history }) {
  let state = parseQuery(location.search, fields);
  let lastGood = null; // the state of the last answer the server accepted
  let data = null;
  let ui = { hover: null, playing: false, error: null, loading: false };
  let controller = null;
  let sequence = 0;
  const listeners = new Set();
  const requestListeners = new Set();

  function notify(changed) {
    for (const listener of listeners) {
      const started = performance.now();
      listener({ state, data, ui, changed });
      if (window.__profile) window.__profile.push([[...listeners].indexOf(listener), changed, performance.now() - started]);
    }
    document.body.dataset.rendered = String(sequence);
  }

  // The page URL and its JSON twin (the API answer for the same example).
  function writeUrl() {
    const query = toQuery(state, fields);
    const url = `${location.pathname}${query ? `?${query}` : ""}`;
    if (url !== `${location.pathname}${location.search}`) history.replaceState(null, "", url);
    const apiQuery = toQuery(state, fields, { view: false });
    const json = document.querySelector('[data-testid="json-link"]');
    if (json) json.href = `${apiUrl}${apiQuery ? `?${apiQuery}` : ""}`;
  }

  async function load({ fromUrl = false } = {}) {
    controller?.abort();
    controller = new AbortController();
    const mine = ++sequence;
    ui = { ...ui, loading: true };
    try {
      const query = toQuery(state, fields, { view: false });
      for (const listener of requestListeners) listener(query);
      const response = await fetch(`${apiUrl}${query ? `?${query}` : ""}`, { signal: controller.signal });
      const body = parse(await response.text());
      if (mine !== sequence) return;
      if (response.status === 422) {
        const problem = body.detail?.[0] ?? {};
        rejectState(problem.field, problem.msg ?? "", fromUrl);
        return;
      }
      if (!response.ok) throw new Error(`HTTP ${response.status}`);
      data = body;
      lastGood = state;
      if (state.step !== null && state.step > stepCount(data)) state = { ...state, step: stepCount(data) };
      ui = { ...ui, loading: false };
      writeUrl();
      notify("data");
    } catch (error) {
      if (error.name === "AbortError") return;
      ui = { ...ui, loading: false, error: { kind: "network", message: "" } };
      notify("ui");
    }
  }

  // A value the server refused: keep the reader's last valid example (or, for a
  // hand-made URL, drop the bad field) and say which field and why.
  function rejectState(field, message, fromUrl) {
    ui = { ...ui, loading: false, error: { kind: "invalid", field, message, reverted: !fromUrl } };
    if (lastGood && !fromUrl) {
      state = lastGood;
      writeUrl();
      notify("data"); // redraw the last good answer over the refused edit
      return;
    }
    const fallback = fields.find((f) => f.name === field);
    if (!fallback) {
      notify("ui"); // nothing to drop: say so and stop, never retry in a loop
      return;
    }
    state = { ...state, [field]: fallback.default ?? null };
    if (shapeFields.includes(field)) {
      for (const f of fields) if (f.kind === "numbers") state = { ...state, [f.name]: null };
    }
    notify("ui");
    load({ fromUrl: true });
  }

  return {
    get state() {
      return state;
    },
    get data() {
      return data;
    },
    get ui() {
      return ui;
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    /** Called with the API query each time the example is sent to the server, so a view
     *  with its own request (the Code panel) makes it at the same time, not after. */
    onRequest(listener) {
      requestListeners.add(listener);
      return () => requestListeners.delete(listener);
    },
    /** Change example fields: the URL follows and the server recomputes. */
    set(patch) {
      state = { ...state, ...patch };
      ui = { ...ui, error: null };
      load();
    },
    /** Set one number of a list field; edits start from the latest requested values, so quick edits add up. */
    edit(name, index, value) {
      const current = state[name] ?? [data[name]].flat(Infinity);
      const next = current.slice();
      next[index] = value;
      this.set({ [name]: next });
    },
    /** Replace the whole example (presets, reset). */
    replace(next) {
      const kept = Object.fromEntries(KEPT_VIEW_FIELDS.map((name) => [name, state[name]]));
      state = { ...parseQuery("", fields), ...kept, ...next };
      ui = { ...ui, error: null, playing: false };
      load();
    },
    /** Move the walk-through; no server round trip. */
    setStep(step) {
      state = { ...state, step };
      writeUrl();
      notify("step");
    },
    /** Other view-only fields (presentation mode): the URL follows, nothing redraws. */
    setView(patch) {
      state = { ...state, ...patch };
      writeUrl();
    },
    /** Transient UI state: hover, playback, dismissed errors. */
    setUi(patch) {
      ui = { ...ui, ...patch };
      notify("ui");
    },
    start() {
      load({ fromUrl: true });
    },
  };
}
