// The Code panel: the current layer as a runnable PyTorch or NumPy script, from
// the server (GET /api/code with the example's own query), ready to copy.

import { t } from "../i18n.js";

export function mountCode(root, store, { codeUrl }) {
  const text = root.querySelector('[data-testid="code-text"]');
  const copied = root.querySelector('[data-testid="code-copied"]');
  const tabs = [...root.querySelectorAll("[data-script]")];
  let shown = "pytorch"; // which script, PyTorch or NumPy
  let scripts = null; // the scripts shown
  let arrived = null; // the latest scripts from the server, shown with the answer they belong to
  let arrivedQuery = "";
  let controller = null;

  function show() {
    for (const tab of tabs) tab.setAttribute("aria-pressed", String(tab.dataset.script === shown));
    const script = scripts ? scripts[shown] : "";
    if (text.textContent !== script) text.textContent = script;
  }
  for (const tab of tabs) {
    tab.addEventListener("click", () => {
      shown = tab.dataset.script;
      show();
    });
  }
  root.querySelector('[data-testid="code-copy"]').addEventListener("click", async () => {
    try {
      await navigator.clipboard.writeText(text.textContent);
      copied.textContent = t("code.copied");
    } catch {
      copied.textContent = t("code.copy_failed");
    }
    window.setTimeout(() => (copied.textContent = ""), 2500);
  });

  // The script is fetched alongside the example's answer, not after it (the store
  // waits for this promise before drawing): a refused example gets a 422 here too,
  // and the last good script stays.
  store.onRequest(async (query) => {
    controller?.abort();
    controller = new AbortController();
    arrived = null; // an earlier, overtaken answer's script must not be shown with a later one
    try {
      const response = await fetch(`${codeUrl}${query ? `?${query}` : ""}`, { signal: controller.signal });
      if (!response.ok) return; // the store has already shown why the example was refused
      arrived = await response.json();
      arrivedQuery = query;
    } catch (error) {
      if (error.name !== "AbortError") console.error(error);
    }
  });

  // Shown in the same frame as the answer it belongs to.
  store.subscribe(({ changed }) => {
    if (changed !== "data" || arrived === null) return;
    scripts = arrived;
    arrived = null;
    show();
    root.dataset.loaded = arrivedQuery;
  });
}
