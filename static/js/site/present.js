// Presentation mode (large type, thick lines, minimal chrome; `present=1` in the
// URL so a prepared link opens in it) and full screen.

import { t } from "../i18n.js";
import { part } from "./dialogs.js";

/** `href` with `present=1` added or removed, the rest of the query left exactly as written. */
export function withPresent(href, on) {
  const [path, query = ""] = href.split("?");
  const pairs = query.split("&").filter((pair) => pair && pair.split("=")[0] !== "present");
  if (on) pairs.push("present=1");
  return pairs.length ? `${path}?${pairs.join("&")}` : path;
}

/** Say something briefly in the page's status line (visible and read by screen readers). */
export function announce(text) {
  const toast = part("toast");
  toast.textContent = text;
  toast.hidden = false;
  window.clearTimeout(announce.timer);
  announce.timer = window.setTimeout(() => (toast.hidden = true), 3000);
}

/** The presentation-mode switch; `store` is null on pages without one (the guide's contents). */
export function mountPresent(store) {
  const root = document.documentElement;
  const button = part("present-toggle");

  function set(on) {
    root.classList.toggle("present", on);
    button.setAttribute("aria-pressed", String(on));
    if (store) store.setView({ present: on ? 1 : null });
    else window.history.replaceState(null, "", withPresent(window.location.pathname + window.location.search, on));
    // Links along the guided path keep the mode.
    for (const link of document.querySelectorAll("a[data-present-link]")) link.setAttribute("href", withPresent(link.getAttribute("href"), on));
    window.dispatchEvent(new Event("onebyone:layout")); // charts and canvases redraw at the new size
  }

  button.addEventListener("click", () => set(!root.classList.contains("present")));
  return { toggle: () => set(!root.classList.contains("present")) };
}

export async function toggleFullscreen() {
  try {
    if (document.fullscreenElement) await document.exitFullscreen();
    else await document.documentElement.requestFullscreen();
  } catch {
    announce(t("keys.fullscreen_failed"));
  }
}
