// Small DOM helpers: elements, titled grids of cells, and writes that touch the
// page only when something changed.

/** A new element with a class and text. */
export function el(tag, className, text) {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text !== undefined) node.textContent = text;
  return node;
}

/**
 * A titled H×W grid of cells; `makeCell(i, j)` returns { element } (with `decorative: true`,
 * not a stop for the arrows; with `tabStop: true`, a read-only cell whose grid the Tab key
 * enters at its first cell).
 */
export function channelCard(title, height, width, makeCell) {
  const card = el("div", "channel-card");
  card.style.setProperty("--rows", String(height)); // its size while off the screen (app.css)
  card.style.setProperty("--cols", String(width));
  card.append(el("div", "channel-title", title));
  const grid = el("div", "grid");
  grid.dataset.grid = "";
  grid.style.gridTemplateColumns = `repeat(${width}, var(--cell))`;
  let tabStop = null;
  for (let i = 0; i < height; i += 1) {
    for (let j = 0; j < width; j += 1) {
      const cell = makeCell(i, j);
      if (!cell.decorative) {
        cell.element.dataset.row = String(i);
        cell.element.dataset.col = String(j);
      }
      if (cell.tabStop && !tabStop) {
        tabStop = cell.element;
        tabStop.tabIndex = 0;
      }
      grid.append(cell.element);
    }
  }
  card.append(grid);
  return card;
}

/** `mark(name, on)`: add or remove a class, touching the element only when that changes. */
export function classMarker(element) {
  const marks = new Map();
  return (name, on) => {
    if (marks.get(name) === on) return;
    marks.set(name, on);
    element.classList.toggle(name, on);
  };
}

/** Set an element's text only when it differs: rewriting the same text still replaces its node and costs a layout. */
export function setText(element, text) {
  if (element.textContent !== text) element.textContent = text;
}
