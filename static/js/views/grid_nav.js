// Moving between the cells of a grid with the arrow keys: Alt+arrows (or ←/→ past
// the end of the number) in editable grids, plain arrows in read-only ones, which
// are one Tab stop each.

const MOVES = { ArrowUp: [-1, 0], ArrowDown: [1, 0], ArrowLeft: [0, -1], ArrowRight: [0, 1] };

/**
 * Whether an arrow key in a number input moves to another cell rather than edits: Alt+arrows
 * always (plain ↑/↓ nudge the number, as they always have), plain ←/→ when the caret cannot
 * go further that way (the whole number is selected, as it is on arrival, or the caret is at its end).
 */
function movesFrom(input, event) {
  if (event.altKey) return true;
  if (event.shiftKey || (event.key !== "ArrowLeft" && event.key !== "ArrowRight")) return false;
  const { selectionStart: start, selectionEnd: end, value } = input;
  const whole = start === 0 && end === value.length;
  return event.key === "ArrowLeft" ? whole || end === 0 : whole || start === value.length;
}

/** The nearest cell of `scope` from `here` in direction (dr, dc), skipping gaps (the weights' bias column sits one column apart). */
function neighbour(scope, here, dr, dc) {
  const row = Number(here.dataset.row);
  const col = Number(here.dataset.col);
  let best = null;
  let bestDistance = Infinity;
  for (const cell of scope.querySelectorAll("[data-row]")) {
    const r = Number(cell.dataset.row);
    const c = Number(cell.dataset.col);
    const along = dr ? (r - row) * dr : (c - col) * dc;
    if ((dr ? c - col : r - row) !== 0 || along <= 0 || along >= bestDistance) continue;
    best = cell;
    bestDistance = along;
  }
  return best;
}

/**
 * Arrow keys move the focus between the cells of a grid laid out with data-row/data-col:
 * Alt+arrows (or ←/→ past the number's end) in editable grids, plain arrows in read-only
 * ones, where the Tab stop follows the focus (one Tab stop per grid).
 */
export function enableGridNavigation(container) {
  container.addEventListener("keydown", (event) => {
    const move = MOVES[event.key];
    const here = move && !event.ctrlKey && !event.metaKey ? event.target.closest("[data-row]") : null;
    if (!here) return;
    const editable = here.tagName === "INPUT";
    if (editable ? !movesFrom(here, event) : event.shiftKey) return;
    const scope = here.closest("[data-grid]");
    const target = neighbour(scope, here, ...move);
    // In a read-only grid the arrows belong to the grid even at its edge: the page's ←/→ would step the walk-through.
    if (target || !editable) event.preventDefault();
    if (!target) return;
    if (!editable) {
      for (const stop of scope.querySelectorAll('[data-row][tabindex="0"]')) stop.tabIndex = -1;
      target.tabIndex = 0;
    }
    target.focus();
  });
}
