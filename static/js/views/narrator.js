// What the walk-through shows, said in a polite live region. A step the reader takes is
// said at once; during playback at most one sentence per SPACING_MS, always the newest, so
// a screen reader is never queued pixels behind the animation (fast playback moves every
// 350 ms, and a sentence with its numbers takes seconds to say). Pausing says where it stopped.

const SPACING_MS = 3000;

/** `say(text)` into `region` (aria-live="polite"); `store.ui.playing` decides between at once and spaced. */
export function createNarrator(region, store) {
  let lastSaid = -Infinity;
  let timer = null;
  let queued = null;

  function speak() {
    window.clearTimeout(timer);
    timer = null;
    lastSaid = performance.now();
    // The same words again are not news; rewriting them would make some readers repeat them.
    if (region.textContent !== queued) region.textContent = queued;
  }

  store.subscribe(({ ui }) => {
    if (!ui.playing && timer !== null) speak();
  });

  return {
    say(text) {
      queued = text;
      const wait = lastSaid + SPACING_MS - performance.now();
      if (!store.ui.playing || wait <= 0) speak();
      else if (timer === null) timer = window.setTimeout(speak, wait);
    },
  };
}
