// The Code panel: the current layer as a runnable PyTorch or NumPy script, from
// the server (GET /api/code with the example's own query), ready to copy.

import { t } from "../i18n.js";

export function mountCode(root, store, { codeUrl }) {
  const text = root.querySelector('[data-testid="code-text"]');
  const copied = root.querySelector('[data-testid="code-copied"]');
  const tabs = [...root.querySelectorAll("[data-lang]")];
  let language = "pytorch";
  let scripts = null;
  let controller = null;

  function show() {
    for (const tab of tabs) tab.setAttribute("aria-pressed", String(tab.dataset.lang === language));
    text.textContent = scripts ? scripts[language] : "";
  }
  for (const tab of tabs) {
    tab.addEventListener("click", () => {
      language = tab.dataset.lang;
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

  // The script is fetched alongside the example's answer, not after it: a refused
  // example gets a 422 here too, and the last good script stays.
  store.onRequest(async (query) => {
    controller?.abort();
    controller = new AbortController();
    try {
      const response = await fetch(`${codeUrl}${query ? `?${query}` : ""}`, { signal: controller.signal });
      if (!response.ok) return; // the store has already shown why the example was refused
      scripts = await response.json();
      show();
      root.dataset.loaded = query;
    } catch (error) {
      if (error.name !== "AbortError") throw error;
    }
  });
}
