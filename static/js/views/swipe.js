// A sideways swipe steps the walk-through: to the left for the next step, to the right
// for the one before, as a reader turns pages. Pointer events only; the CSS gives the area
// `touch-action: pan-y pinch-zoom` (the .swipe-steps rules in app.css), so vertical
// scrolling and pinch zoom stay the browser's and a vertical drag ends in pointercancel.

const MIN_DISTANCE = 48; // px along x; shorter moves are taps or wobbles
const MAX_SLOPE = 0.5; // |dy| / |dx| above this is a scroll, not a swipe
const OWN_GESTURES = "input[type=range], select, textarea"; // sliders and lists keep their drags

/** Call `back()` or `forward()` when a touch swipes across `area`. */
export function enableSwipe(area, { back, forward }) {
  area.classList.add("swipe-steps");
  let start = null;

  area.addEventListener("pointerdown", (event) => {
    const ours = event.pointerType === "touch" && event.isPrimary && !event.target.closest(OWN_GESTURES);
    start = ours ? { id: event.pointerId, x: event.clientX, y: event.clientY } : null;
  });
  area.addEventListener("pointerup", (event) => {
    if (!start || event.pointerId !== start.id) return;
    const dx = event.clientX - start.x;
    const dy = event.clientY - start.y;
    start = null;
    if (Math.abs(dx) < MIN_DISTANCE || Math.abs(dy) > MAX_SLOPE * Math.abs(dx)) return;
    if (dx < 0) forward();
    else back();
  });
  area.addEventListener("pointercancel", () => {
    start = null; // the browser took the gesture: a scroll, a zoom, or a grid box scrolling sideways
  });
  watchZoom();
}

// Zoomed in, a reader pans the page sideways with the same gesture: then the page gets it
// (the CSS drops pan-y while <html> has .zoomed).
let watching = false;
function watchZoom() {
  const viewport = window.visualViewport;
  if (watching || !viewport) return;
  watching = true;
  const update = () => document.documentElement.classList.toggle("zoomed", viewport.scale > 1.01);
  viewport.addEventListener("resize", update);
  update();
}
