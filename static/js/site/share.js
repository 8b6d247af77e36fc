// The Share dialog: the page's link (the whole example is in it), and an
// <iframe> snippet for one panel in a chosen theme, with a live preview.

import { t } from "../i18n.js";
import { part, wireDialog } from "./dialogs.js";

// Page-only fields an embed leaves out: the embed has no guided path or presentation mode
// (its theme and language are set below).
const PAGE_ONLY = new Set(["chapter", "present", "theme", "lang"]);

const escapeAttribute = (text) => text.replaceAll("&", "&amp;").replaceAll('"', "&quot;").replaceAll("<", "&lt;");

/** The page's query without page-only fields, kept as written (readable commas and colons). */
export function embedQuery(search, theme, lang) {
  const kept = search
    .replace(/^\?/, "")
    .split("&")
    .filter((pair) => pair && !PAGE_ONLY.has(decodeURIComponent(pair.split("=")[0])));
  kept.push(`theme=${theme}`); // named even when light: an embed without one would follow its reader's system
  // A blog post is in one language: the embed speaks the page's, whoever reads the post.
  if (lang) kept.push(`lang=${lang}`);
  return kept.length ? `?${kept.join("&")}` : "";
}

export function mountShare(boot) {
  const dialog = part("share-dialog");
  const opener = part("share-open");
  if (!dialog || !opener) return;
  const link = part("share-link");
  const snippet = part("share-snippet");
  const host = part("share-host");
  const preview = part("share-preview");
  const chosen = (name) => dialog.querySelector(`input[name="${name}"]:checked`).value;
  const measure = part("share-measure");
  const heights = Object.fromEntries(boot.panels.map((p) => [p.key, p.height]));
  // The height each embed reported in a 700px column, by its path: exact for its example, language
  // and theme. Until it comes, the snippet has the panel's height for its default example.
  const measured = new Map();

  function update() {
    const panel = chosen("share-panel");
    const theme = chosen("share-theme");
    const origin = window.location.origin;
    const path = `${boot.base}/embed/${panel}${embedQuery(window.location.search, theme, boot.lang)}`;
    const title = t("embed.title", { panel: t(`panel.${panel}`) });
    link.value = window.location.href;
    const height = measured.get(path) ?? heights[panel];
    snippet.value =
      `<iframe src="${escapeAttribute(origin + path)}" title="${escapeAttribute(title)}" width="720" height="${height}" ` +
      'loading="lazy" style="border:0;max-width:100%"></iframe>';
    snippet.dataset.measured = String(measured.has(path));
    // The one line a host page needs to let the iframe follow the panel's height (see docs/using.md).
    host.value =
      `<script>addEventListener("message",function(e){var d=e.data;if(e.origin===${JSON.stringify(origin)}&&d&&d.type==="onebyone:height")` +
      'for(var f of document.querySelectorAll("iframe"))if(f.contentWindow===e.source)f.height=d.height})</script>';
    if (preview.getAttribute("src") !== path) preview.setAttribute("src", path);
    if (!measured.has(path) && measure.getAttribute("src") !== path) measure.setAttribute("src", path);
  }

  wireDialog(dialog, part("share-copied"));
  dialog.addEventListener("change", update);
  let themePicked = false; // until the reader picks one, the snippet's theme is the page's
  dialog.addEventListener("change", (event) => (themePicked ||= event.target.name === "share-theme"));
  opener.addEventListener("click", () => {
    if (!themePicked) dialog.querySelector(`input[name="share-theme"][value="${document.documentElement.dataset.theme}"]`).checked = true;
    update();
    dialog.showModal();
    link.select();
  });
  // The preview is an embed too: let it size itself in the dialog.
  window.addEventListener("message", (event) => {
    if (event.data?.type !== "onebyone:height") return;
    if (event.source === preview.contentWindow) preview.height = Math.min(event.data.height, 480);
    if (event.source === measure.contentWindow) {
      // The embed reports again as its answer draws: the last height for the path it shows is the one.
      measured.set(measure.getAttribute("src"), Math.ceil(event.data.height));
      if (dialog.open) update();
    }
  });
}
