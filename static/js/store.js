// One store, many views. It holds the example (mirrored in the URL), the server's
// answer for it, and transient UI state (hover, playback). Views subscribe and
// never call each other; the URL is written here and nowhere else.

import { problemText } from "./i18n.js";
import { keptFields, parseQuery, shapeFields as shapeFieldsOf, toQuery } from "./urlstate.js";

const HIDDEN_PAGE_ADDRESS_MS = 100;
// Browsers refuse to change the address too often: Chromium ignores replaceState past 200 calls in
// 10 s, Safari throws past 100. A slider dragged through a walk or a held arrow key asks for more
// than that, and the address then stuck at a step or an edit the page had left (a reload or a shared
// link opened the wrong one). So writes draw on a budget: ADDRESS_BURST at once, then one per
// ADDRESS_REFILL_MS (at most 80 in any 10 s); a change that finds it spent waits, and one write then
// takes every change made meanwhile. Clicks and typing never come near it.
const ADDRESS_BURST = 30;
const ADDRESS_REFILL_MS = 200;
// A view that asked for it draws an answer later while it is off the screen: after the frame that
// shows the others, once the page is idle (at most CATCH_UP_MS on), or as soon as it comes on. A
// view just below the screen is not drawn with the others either: the batch tables, a little way
// under the mixer on a desktop, put ~5 ms of table layout and paint into an edit's frame (measured).
const CATCH_UP_MS = 200;
// The layouts kept (`layout` below): those of the shapes shown last.
const LAYOUTS_KEPT = 8;

/** Run `task` once the frame being drawn is done and the page is idle (at most `timeout` ms on);
 *  after that frame, at once, where there are no idle callbacks (Safari). */
function afterFrameWhenIdle(task, timeout) {
  requestAnimationFrame(() => (window.requestIdleCallback ? window.requestIdleCallback(task, { timeout }) : setTimeout(task, 0)));
}

/**
 * `fields`: the view's state table (from the server, the page's own fields last);
 * `apiUrl`: its JSON twin; `stepCount(data)`:
 * how many walk-through steps an answer has; `parse`: how to read the answer's
 * body (default JSON.parse); `layout`: for a view whose answers leave out what their shape alone
 * decides, `{ apiUrl, fields, join }`: that part's JSON twin, the names of the fields it reads, and
 * `join(answer, layout)`, what the views are shown. It is asked for beside the first answer of each
 * shape (the page carries the first, #answer-layout) and kept for the shapes shown last.
 */
export function createStore({ fields, apiUrl, stepCount = () => 0, parse = JSON.parse, layout = null, location = window.location, history = window.history }) {
  const shapeFields = shapeFieldsOf(fields);
  const viewFields = fields.filter((f) => f.view);
  const kept = keptFields(fields);
  const walkStart = fields.find((f) => f.name === "step")?.default ?? null;
  let state = parseQuery(location.search, fields);
  let lastGood = null; // the state of the last answer the server accepted
  let lastGoodQuery = null; // and its API query
  let data = null;
  let ui = { hover: null, playing: false, error: null, loading: false };
  let controller = null;
  let sequence = 0;
  let drawn = 0; // the request whose outcome the views show (body[data-rendered])
  const listeners = new Set();
  const requestListeners = new Set();
  const later = new Map(); // a view drawn later while off the screen -> { root, onScreen, missed }

  // body[data-shown] moves once every view on the screen has drawn an answer (the frame after it
  // is what the reader sees: benchmarks time it); body[data-rendered] once every view has, those
  // off the screen and the Code panel's included (tests wait on it).
  function notify(changed) {
    const event = { state, data, ui, changed };
    let missed = false;
    for (const listener of listeners) {
      const view = later.get(listener);
      if (view && !view.onScreen) {
        view.missed = view.missed === "data" ? "data" : changed; // an answer missed is drawn whatever came after it
        missed = true;
      } else {
        listener(event);
      }
    }
    document.body.dataset.shown = String(drawn);
    if (missed) catchUpSoon();
    else document.body.dataset.rendered = String(drawn);
  }

  function catchUp(view = null) {
    for (const [listener, each] of later) {
      if (!each.missed || (view && each !== view)) continue;
      const changed = each.missed;
      each.missed = null;
      listener({ state, data, ui, changed });
    }
    if ([...later.values()].every((each) => !each.missed)) document.body.dataset.rendered = String(drawn);
  }

  let catchUpPending = false;
  function catchUpSoon() {
    if (catchUpPending) return;
    catchUpPending = true;
    afterFrameWhenIdle(() => {
      catchUpPending = false;
      catchUp();
    }, CATCH_UP_MS);
  }

  const visibility = new IntersectionObserver((entries) => {
    for (const entry of entries) {
      for (const view of later.values()) {
        if (view.root !== entry.target) continue;
        view.onScreen = entry.isIntersecting;
        if (view.onScreen && view.missed) catchUp(view);
      }
    }
  });

  const layoutFields = layout ? fields.filter((f) => layout.fields.includes(f.name)) : [];
  const layouts = new Map(); // layout query -> promise of that layout, the latest asked for last
  function layoutFor(query) {
    let found = layouts.get(query);
    if (found) {
      layouts.delete(query);
    } else {
      found = fetch(`${layout.apiUrl}${query ? `?${query}` : ""}`).then(async (response) => {
        if (!response.ok) throw new Error(`HTTP ${response.status}`);
        return JSON.parse(await response.text());
      });
      found.catch(() => layouts.get(query) === found && layouts.delete(query)); // a failed one is asked again
    }
    layouts.set(query, found);
    if (layouts.size > LAYOUTS_KEPT) layouts.delete(layouts.keys().next().value);
    return found;
  }

  // The API query of a state, kept for the last state: a load and its URL write use the
  // same one (serialising 512 numbers three times per edit showed in profiles).
  let queried = null;
  function apiQueryOf(of) {
    if (queried?.[0] !== of) queried = [of, toQuery(of, fields, { view: false })];
    return queried[1];
  }

  // An answer's address is written once the frame that draws it is done and the page is idle:
  // replaceState costs 1-5 ms, and written before the frame it delayed it (written in a task
  // right after it, it still held up the next key press). A hidden page draws no frames, so a
  // timer writes it there. A step's address is written at once (deferred, it met the walk's own
  // frames and made 50 ms tasks of them). Either waits while the budget of writes is spent.
  // body[data-address-pending] is present meanwhile: tests that read the URL wait for it to go.
  let addressPending = false;
  let addressBudget = ADDRESS_BURST;
  let addressBudgetAt = performance.now();
  let addressWrites = 0;
  let addressScheduled = 0; // the number of the write on its way; 0: none
  function writeUrlSoon({ afterFrame = false } = {}) {
    if (!addressPending) {
      addressPending = true;
      document.body.dataset.addressPending = "";
    }
    if (addressScheduled) return; // the write on its way takes the latest state
    const mine = (addressScheduled = ++addressWrites);
    const write = () => mine === addressScheduled && writeUrl(); // once, whichever of its callbacks comes first
    const wait = (1 - addressBudgetNow()) * ADDRESS_REFILL_MS;
    if (wait > 0) {
      setTimeout(write, wait);
    } else if (afterFrame) {
      afterFrameWhenIdle(write, HIDDEN_PAGE_ADDRESS_MS);
      setTimeout(write, HIDDEN_PAGE_ADDRESS_MS);
    } else {
      write();
    }
  }

  function addressBudgetNow() {
    const now = performance.now();
    addressBudget = Math.min(ADDRESS_BURST, addressBudget + (now - addressBudgetAt) / ADDRESS_REFILL_MS);
    addressBudgetAt = now;
    return addressBudget;
  }

  // The page URL and its JSON twin (the API answer for the same example).
  function writeUrl() {
    addressScheduled = 0;
    if (addressPending) {
      addressPending = false;
      delete document.body.dataset.addressPending;
    }
    const apiQuery = apiQueryOf(state);
    // The page's query is the API's plus the page's own fields, last.
    const query = [apiQuery, toQuery(state, viewFields)].filter(Boolean).join("&");
    const url = `${location.pathname}${query ? `?${query}` : ""}`;
    if (url !== `${location.pathname}${location.search}`) {
      history.replaceState(null, "", url);
      addressBudget = addressBudgetNow() - 1;
    }
    const json = document.querySelector('[data-testid="json-link"]');
    const href = `${apiUrl}${apiQuery ? `?${apiQuery}` : ""}`;
    if (json && json.getAttribute("href") !== href) json.setAttribute("href", href);
  }

  async function load({ fromUrl = false } = {}) {
    controller?.abort();
    controller = new AbortController();
    const mine = ++sequence;
    ui = { ...ui, loading: true };
    try {
      const query = apiQueryOf(state);
      const answer = fetch(`${apiUrl}${query ? `?${query}` : ""}`, { signal: controller.signal });
      const shape = layout ? layoutFor(toQuery(state, layoutFields)) : null;
      // Views with a request of their own start it now, in parallel; each promise
      // settles once that view has its part.
      const others = [...requestListeners].map((listener) => listener(query));
      const response = await answer;
      const body = parse(await response.text());
      if (mine !== sequence) return;
      if (response.status === 422) {
        const problem = body.detail?.[0] ?? {};
        drawn = mine;
        rejectState(problem.field, problemText(problem), fromUrl);
        return;
      }
      if (!response.ok) throw new Error(`HTTP ${response.status}`);
      await Promise.allSettled(others);
      const parts = await shape;
      if (mine !== sequence) return;
      show(body, query, mine, parts);
    } catch (error) {
      if (error.name === "AbortError") return;
      ui = { ...ui, loading: false, error: { kind: "network", message: "" } };
      drawn = mine;
      notify("ui");
    }
  }

  function show(body, query, mine, parts = null) {
    data = layout ? layout.join(body, parts) : body;
    lastGood = state;
    lastGoodQuery = query;
    if (state.step !== null && state.step > stepCount(data)) state = { ...state, step: stepCount(data) };
    ui = { ...ui, loading: false };
    writeUrlSoon({ afterFrame: true });
    drawn = mine;
    notify("data");
  }

  /** The answer the server put in the page (#answer) for the URL's example, drawn at once, before
   *  the first paint; any other example (the page's answer is for its URL's) is asked for. */
  function startFromPage() {
    const first = document.getElementById("answer");
    const query = apiQueryOf(state);
    if (!first || first.dataset.query !== query) return false;
    let parts = null;
    if (layout) {
      const given = document.getElementById("answer-layout");
      const layoutQuery = toQuery(state, layoutFields);
      if (!given || given.dataset.query !== layoutQuery) return false;
      parts = JSON.parse(given.textContent);
      layouts.set(layoutQuery, Promise.resolve(parts));
    }
    for (const listener of requestListeners) listener(query);
    show(parse(first.textContent), query, ++sequence, parts);
    return true;
  }

  // A value the server refused: keep the reader's last valid example (or, for a
  // hand-made URL, drop the bad field) and say which field and why.
  function rejectState(field, message, fromUrl) {
    ui = { ...ui, loading: false, error: { kind: "invalid", field, message, reverted: !fromUrl } };
    if (lastGood && !fromUrl) {
      state = lastGood;
      writeUrlSoon();
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

  // A drag let go of the colour scales (colors.js): the answer shown is drawn again on its own,
  // unless another is on its way, which will be.
  window.addEventListener("onebyone:scales", () => {
    if (data && !ui.loading) notify("data");
  });

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
    /** Where a new example's walk-through starts: the view's first step (the mixer's first pixel),
     *  or null, every step done. Shapes, seeds and pitfalls set it; edits keep the reader's step. */
    get walkStart() {
      return walkStart;
    },
    /** The API query of the answer the views show (null before the first). */
    get answeredQuery() {
      return lastGoodQuery;
    },
    /** `listener` is called with every change; with `root` (its part of the page), only while that part
     *  is on the screen, and with what it missed once it comes on or the page is idle. */
    subscribe(listener, { root = null } = {}) {
      listeners.add(listener);
      if (root) {
        later.set(listener, { root, onScreen: true, missed: null });
        visibility.observe(root);
      }
      return () => {
        listeners.delete(listener);
        later.delete(listener);
      };
    },
    /** Called with the API query each time the example is sent to the server, so a view
     *  with its own request (the Code panel) makes it at the same time, not after. The
     *  listener returns a promise that settles once the view has what it needs; the store
     *  waits for it, so that view draws with the others and body[data-rendered] covers it. */
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
      const keptValues = Object.fromEntries(kept.map((name) => [name, state[name]]));
      state = { ...parseQuery("", fields), ...keptValues, ...next };
      ui = { ...ui, error: null, playing: false };
      load();
    },
    /** Move the walk-through; no server round trip. */
    setStep(step) {
      state = { ...state, step };
      writeUrlSoon();
      notify("step");
    },
    /** Other view-only fields (presentation mode, the mixer's look): the URL follows, no round trip. */
    setView(patch) {
      state = { ...state, ...patch };
      writeUrlSoon();
      notify("view");
    },
    /** Transient UI state: hover, playback, dismissed errors. */
    setUi(patch) {
      ui = { ...ui, ...patch };
      notify("ui");
    },
    start() {
      if (!startFromPage()) load({ fromUrl: true });
    },
  };
}
