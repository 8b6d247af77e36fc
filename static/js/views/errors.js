// The error banner: which field the server refused and why, in plain words.

import { t } from "../i18n.js";

export function mountErrors(banner, store) {
  const message = banner.querySelector('[data-testid="error-message"]');
  banner.querySelector('[data-testid="error-dismiss"]').addEventListener("click", () => store.setUi({ error: null }));
  store.subscribe(({ ui }) => {
    const error = ui.error;
    if (banner.hidden !== !error) banner.hidden = !error;
    if (!error) return;
    const text = error.kind === "network" ? t("error.network") : error.message;
    message.textContent = error.reverted ? t("error.with_reverted", { message: text, reverted: t("error.reverted") }) : text;
  });
}
