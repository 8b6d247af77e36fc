// The colour theme: the one the URL names (theme=light or dark: a shared link, an embed), else
// the reader's own choice on this device (the header's Dark button), else the system's,
// followed live. Applied before the first paint (the entry module blocks it).

const CHOICE = "onebyone.theme";
const THEMES = new Set(["light", "dark"]);
const system = window.matchMedia("(prefers-color-scheme: dark)");

function chosenHere() {
  try {
    return window.localStorage.getItem(CHOICE);
  } catch {
    return null; // storage refused (a sandboxed frame, strict privacy settings): the system decides
  }
}

function remember(theme) {
  try {
    window.localStorage.setItem(CHOICE, theme);
  } catch {
    // the choice lasts for this page only
  }
}

/** `store` is null on pages without an example (the guide's contents). */
export function mountTheme(store) {
  const toggle = document.querySelector('[data-testid="theme-toggle"]');
  const named = () => (store ? store.state.theme : new URLSearchParams(window.location.search).get("theme"));
  const wanted = () => [named(), chosenHere()].find((theme) => THEMES.has(theme)) ?? (system.matches ? "dark" : "light");

  function apply() {
    const theme = wanted();
    toggle?.setAttribute("aria-pressed", String(theme === "dark"));
    const root = document.documentElement;
    if (root.dataset.theme === theme) return;
    root.dataset.theme = theme;
    window.dispatchEvent(new Event("onebyone:layout")); // canvases and charts redraw in the new colours
  }

  toggle?.addEventListener("click", () => {
    const next = document.documentElement.dataset.theme === "dark" ? "light" : "dark";
    remember(next);
    // A link that names its theme is changed too, or a reload would bring the old one back.
    if (THEMES.has(named())) {
      if (store) store.setView({ theme: next });
      else {
        const url = new URL(window.location.href);
        url.searchParams.set("theme", next);
        window.history.replaceState(null, "", url);
      }
    }
    apply();
  });
  system.addEventListener("change", apply);
  apply();
}
