// The page's dialogs: open, close, and copy buttons that say whether the copy worked.

import { t } from "../i18n.js";

export const part = (testid) => document.querySelector(`[data-testid="${testid}"]`);

/** Wire a dialog's close buttons and its copy buttons (`data-copy` names the field to copy). */
export function wireDialog(dialog, status) {
  for (const button of dialog.querySelectorAll("[data-close]")) button.addEventListener("click", () => dialog.close());
  for (const button of dialog.querySelectorAll("[data-copy]")) {
    button.addEventListener("click", async () => {
      const field = document.getElementById(button.dataset.copy);
      field.select();
      try {
        await navigator.clipboard.writeText(field.value);
        status.textContent = t("share.copied");
      } catch {
        status.textContent = t("share.copy_failed");
      }
      window.setTimeout(() => (status.textContent = ""), 2500);
    });
  }
  // A click on the backdrop (outside the dialog's box) closes it, as readers expect.
  dialog.addEventListener("click", (event) => {
    if (event.target !== dialog) return;
    const box = dialog.getBoundingClientRect();
    const inside = event.clientX >= box.left && event.clientX <= box.right && event.clientY >= box.top && event.clientY <= box.bottom;
    if (!inside) dialog.close();
  });
}

/** Open a modal dialog, or close it when it is already open. */
export function toggleDialog(dialog) {
  if (dialog.open) dialog.close();
  else dialog.showModal();
}
