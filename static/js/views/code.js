// The Code panel: the current layer as a runnable PyTorch or NumPy script, from
// the server (GET /api/code with the example's own query), ready to copy.
//
// The script is asked for only while the panel is on screen (or about to be): an
// edit made with the panel scrolled away costs one request, not two, and the panel
// catches up when the reader scrolls to it.

import { t } from "../i18n.js";

// How far outside the viewport the panel counts as on screen: scrolling to it finds it drawn.
const NEAR = "300px";

/** `language`: the page's language code, in which the scripts' comments and printed labels are written. */
export function mountCode(root, store, { codeUrl, language }) {
  const text = root.querySelector('[data-testid="code-text"]');
  const copied = root.querySelector('[data-testid="code-copied"]');
  const tabs = [...root.querySelectorAll("[data-script]")];
  let shown = "pytorch"; // which script, PyTorch or NumPy
  let scripts = null; // the scripts shown
  let shownQuery = null; // the example they belong to
  let onScreen = false;
  let pending = null; // { query, promise, done, arrived }: the latest script request
  let controller = null;

  function show() {
    for (const tab of tabs) tab.setAttribute("aria-pressed", String(tab.dataset.script === shown));
    const script = scripts ? scripts[shown] : "";
    if (text.textContent !== script) text.textContent = script;
  }

  /** The scripts for `query`, or null if refused, overtaken or unreachable. */
  function fetchScripts(query) {
    if (pending?.query === query && !(pending.done && pending.arrived === null)) return pending.promise;
    controller?.abort();
    controller = new AbortController();
    const { signal } = controller;
    const request = { query, done: false, arrived: null };
    request.promise = (async () => {
      try {
        const response = await fetch(`${codeUrl}?${[query, `lang=${language}`].filter(Boolean).join("&")}`, { signal });
        // A refused example: the store says why, and the last good script stays.
        request.arrived = response.ok ? await response.json() : null;
      } catch (error) {
        if (error.name !== "AbortError") console.error(error);
      }
      request.done = true;
      return request.arrived;
    })();
    pending = request;
    return request.promise;
  }

  function display(query, arrived) {
    scripts = arrived;
    shownQuery = query;
    show();
    root.dataset.loaded = query;
  }

  /** Bring the panel up to the example the other views show (on coming into view, before a copy). */
  async function catchUp() {
    const query = store.answeredQuery;
    if (query === null || query === shownQuery) return;
    const arrived = await fetchScripts(query);
    if (arrived !== null && query === store.answeredQuery) display(query, arrived);
  }

  for (const tab of tabs) {
    tab.addEventListener("click", () => {
      shown = tab.dataset.script;
      show();
    });
  }
  root.querySelector('[data-testid="code-copy"]').addEventListener("click", async () => {
    try {
      await catchUp(); // a copy right after an edit copies the edited layer
      await navigator.clipboard.writeText(text.textContent);
      copied.textContent = t("code.copied");
    } catch {
      copied.textContent = t("code.copy_failed");
    }
    window.setTimeout(() => (copied.textContent = ""), 2500);
  });

  // On screen, the script is fetched alongside the example's answer, not after it (the
  // store waits for this promise, so it is drawn in the same frame as the other views).
  store.onRequest(async (query) => {
    if (onScreen) await fetchScripts(query);
  });

  store.subscribe(({ changed }) => {
    const query = store.answeredQuery;
    if (changed !== "data" || !onScreen || query === shownQuery) return;
    // Fetched alongside this answer: shown in its frame. Otherwise (the panel came on
    // screen mid-request, or a refused edit left an older example) it catches up.
    if (pending?.query === query && pending.arrived !== null) display(query, pending.arrived);
    else catchUp();
  });

  new IntersectionObserver(
    (entries) => {
      onScreen = entries.some((entry) => entry.isIntersecting);
      if (onScreen) catchUp();
    },
    { rootMargin: NEAR },
  ).observe(root);
}
