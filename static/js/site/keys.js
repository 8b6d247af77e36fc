// Keys for the lecture hall: ←/→ step, space plays, PageUp/PageDown (what
// presenter clickers send) change chapter, f full screen, p presentation mode,
// ? the list of keys. They stay out of the way while the reader types.

import { part, toggleDialog } from "./dialogs.js";
import { toggleFullscreen } from "./present.js";

const TYPING = new Set(["INPUT", "SELECT", "TEXTAREA"]);
const NATIVE_SPACE = new Set(["BUTTON", "A", "SUMMARY"]);

function typingIn(target) {
  return TYPING.has(target.tagName) || target.isContentEditable;
}

function follow(testid) {
  const link = part(testid);
  if (!link) return false;
  window.location.assign(link.href);
  return true;
}

function press(testid) {
  const button = part(testid);
  if (!button || button.disabled) return false;
  button.click();
  return true;
}

export function mountKeys(present) {
  const keysDialog = part("keys-dialog");
  part("keys-open").addEventListener("click", () => keysDialog.showModal());
  for (const button of keysDialog.querySelectorAll("[data-close]")) button.addEventListener("click", () => keysDialog.close());

  const actions = {
    ArrowLeft: () => press("step-back"),
    ArrowRight: () => press("step-forward"),
    " ": (target) => !NATIVE_SPACE.has(target.tagName) && press("play"),
    PageDown: () => follow("chapter-next") || follow("guide-start"),
    PageUp: () => follow("chapter-prev"),
    f: () => (toggleFullscreen(), true),
    p: () => (present.toggle(), true),
    "?": () => (toggleDialog(keysDialog), true),
  };

  document.addEventListener("keydown", (event) => {
    if (event.defaultPrevented || event.ctrlKey || event.metaKey || event.altKey) return;
    if (typingIn(event.target)) return;
    // A dialog keeps its own keys (Tab, Esc), except ? which closes the key list again.
    const open = document.querySelector("dialog[open]");
    if (open && !(event.key === "?" && open === keysDialog)) return;
    const action = actions[event.key];
    if (action && action(event.target)) event.preventDefault();
  });
}
