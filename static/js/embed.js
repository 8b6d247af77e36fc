// An embedded panel: tell the host page our height (so its iframe can fit us)
// and keep the "open in One by One" link on the current example.

const MESSAGE_TYPE = "onebyone:height";

export function mountEmbed(store, boot) {
  const root = document.querySelector('[data-testid="embed-root"]');
  const open = document.querySelector('[data-testid="open-full"]');
  let last = 0;

  // Heights are not secret, and the host's origin is unknown: "*" is the only target that works.
  function postHeight() {
    const height = Math.ceil(root.getBoundingClientRect().height);
    if (height === last || window.parent === window) return;
    last = height;
    window.parent.postMessage({ type: MESSAGE_TYPE, panel: boot.panel, height }, "*");
  }

  new ResizeObserver(postHeight).observe(root);
  store.subscribe(() => {
    open.href = `${boot.base}${boot.path}${window.location.search}`;
  });
}
