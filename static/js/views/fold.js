// On a phone the example's settings (presets, seed, shape) fold under one button, so that the
// first screen is the layer itself: x, W and y with Play. A wider screen always shows them and
// has no button (app.css); turning a phone sideways past the width unfolds them.

const phone = window.matchMedia("(max-width: 560px)");

/** `root`: the controls section, holding the [data-testid=controls-fold] button and the settings it folds. */
export function mountFold(root) {
  const button = root.querySelector('[data-testid="controls-fold"]');
  if (!button) return;
  const show = (open) => {
    root.classList.toggle("folded", !open);
    button.setAttribute("aria-expanded", String(open));
  };
  show(!phone.matches);
  button.addEventListener("click", () => show(root.classList.contains("folded")));
  phone.addEventListener("change", () => show(!phone.matches));
}
