// The language switch: links to this page in each language. The server wrote them for
// the URL the page was opened with; edits since then live only in the address bar, so a
// click takes the address as it is now and changes just its language.

export function mountLanguages() {
  for (const link of document.querySelectorAll("[data-lang]")) {
    link.addEventListener("click", (event) => {
      if (event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return; // new tab: the server's link
      event.preventDefault();
      const url = new URL(window.location.href);
      url.searchParams.delete("lang");
      const query = url.search.replace(/^\?/, "");
      window.location.assign(`${url.pathname}?${query ? `${query}&` : ""}lang=${link.dataset.lang}`);
    });
  }
}
