// What every page has around its views: on the site, presentation mode, keys,
// the Share dialog and the guided path's focus; in an embed, the height messages.

import { mountEmbed } from "./embed.js";
import { part } from "./site/dialogs.js";
import { mountFirstVisit, rememberGuided } from "./site/first_visit.js";
import { mountKeys } from "./site/keys.js";
import { mountLanguages } from "./site/languages.js";
import { mountPresent } from "./site/present.js";
import { mountShare } from "./site/share.js";
import { mountTheme } from "./site/theme.js";

/** Mark the panel a chapter is about, so presentation mode can show it alone. */
function markChapterFocus() {
  const chapter = part("chapter");
  if (!chapter) return;
  document.documentElement.classList.add("on-path");
  part(chapter.dataset.focus)?.classList.add("focus");
}

/** A chapter's text states the numbers of the example it prepared. Once the example shown is another
 *  (an edit, a preset, a hand-made link), the chapter bar says so and offers that example back. The
 *  queries compare as the store writes them (fields in their declared order, defaults left out),
 *  less the fields the chapter asks the reader to change (data-free). */
function mountChapterExample(store) {
  const chapter = part("chapter");
  const notice = part("chapter-changed");
  if (!chapter || !notice) return;
  const free = chapter.dataset.free ? chapter.dataset.free.split(",") : [];
  const comparable = (query) => {
    const params = new URLSearchParams(query);
    for (const name of free) params.delete(name);
    return params.toString();
  };
  const prepared = comparable(chapter.dataset.example);
  store.subscribe(({ changed }) => {
    if (changed !== "data" || store.answeredQuery === null) return;
    notice.hidden = comparable(store.answeredQuery) === prepared;
  });
}

/** Where the views are one row that scrolls sideways (a phone), the current one is brought into it. */
function showCurrentView() {
  const nav = document.querySelector(".views");
  const current = nav?.querySelector('[aria-current="page"]');
  if (!current || nav.scrollWidth <= nav.clientWidth) return;
  const link = current.getBoundingClientRect();
  const row = nav.getBoundingClientRect();
  if (link.left >= row.left && link.right <= row.right) return;
  nav.scrollLeft += link.left - row.left - (row.width - link.width) / 2;
}

/** `store` is null on pages without an example (the guide's contents). */
export function mountPage(store, boot) {
  mountTheme(store);
  if (boot.panel) {
    mountEmbed(store, boot);
    return;
  }
  mountKeys(mountPresent(store));
  mountLanguages();
  // After the entry module has drawn the page (still before its first paint): the one layout the
  // paint needs anyway, not an early one that the drawing would throw away.
  queueMicrotask(showCurrentView);
  if (store) mountShare(boot);
  markChapterFocus();
  if (store) mountChapterExample(store);
  if (boot.view === "guide" || part("chapter")) rememberGuided();
  mountFirstVisit();
}
