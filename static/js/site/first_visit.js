// A first visit's offer of the guided path, after the channel mixer's tagline: shown until the
// reader has opened the guided path (its contents or any chapter) on this device. Shown before the
// first paint (the entry module blocks it), so nothing moves.

const GUIDED = "onebyone.guided";

function guidedHere() {
  try {
    return window.localStorage.getItem(GUIDED) === "1";
  } catch {
    return true; // storage refused: the offer could never be put away, so it is not made
  }
}

/** Remember that the reader has been on the guided path. */
export function rememberGuided() {
  try {
    window.localStorage.setItem(GUIDED, "1");
  } catch {
    // nothing to remember with
  }
}

export function mountFirstVisit() {
  const offer = document.querySelector('[data-testid="first-visit"]');
  if (offer && !guidedHere()) offer.hidden = false;
}
