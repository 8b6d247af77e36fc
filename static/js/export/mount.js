// The Download buttons of every exportable panel: one listener per button,
// reading the store's current answer when clicked. Which panel exports how is
// declared once, in exporters.js.

import { t } from "../i18n.js";
import { EXPORTERS } from "./exporters.js";

/** Wire the buttons rendered by the `export_buttons` macro inside `root`. */
export function mountExport(root, store) {
  const buttons = [];
  for (const button of root.querySelectorAll("button[data-export]")) {
    const make = EXPORTERS[button.dataset.export];
    if (!make) continue;
    const exporter = make(root);
    const status = button.closest(".export").querySelector("[data-export-status]");
    let busy = false;
    button.addEventListener("click", async () => {
      if (busy || !store.data || button.disabled) return;
      busy = true;
      button.setAttribute("aria-busy", "true");
      status.textContent = "";
      try {
        await exporter.save(store.data, button.dataset.format);
      } catch (error) {
        status.textContent = t("export.failed");
        console.warn("export failed", error);
      } finally {
        busy = false;
        button.removeAttribute("aria-busy");
      }
    });
    buttons.push({ button, exporter });
  }
  store.subscribe(({ data, changed }) => {
    if (!data || changed !== "data") return;
    for (const { button, exporter } of buttons) {
      const disabled = !(exporter.available?.(data) ?? true);
      if (button.disabled !== disabled) button.disabled = disabled;
      const box = button.closest(".export");
      if (box.dataset.ready !== "true") box.dataset.ready = "true";
    }
  });
}
