// Save a figure: the SVG text as a file, or the SVG drawn into a canvas at 2×
// and saved as PNG. Everything goes through blob: URLs, which the page's CSP
// allows for images (img-src blob:), so no inline data or styles are needed.

const SVG_TYPE = "image/svg+xml;charset=utf-8";
const MAX_SIDE = 8192; // browsers refuse canvases much larger than this

/** Offer `blob` as a download named `filename`. */
export function saveBlob(blob, filename) {
  const url = URL.createObjectURL(blob);
  const link = document.createElement("a");
  link.href = url;
  link.download = filename;
  link.hidden = true;
  document.body.append(link);
  link.click();
  link.remove();
  // The download has its own reference by now; free ours after the click is handled.
  window.setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/** Save SVG text as `filename`. */
export function saveSvg(svg, filename) {
  saveBlob(new Blob([svg], { type: SVG_TYPE }), filename);
}

/** The PNG bytes of `svg` (width × height CSS px) rendered at `scale` (2 by default, less when that would be too large). */
export async function svgToPng(svg, width, height, scale = 2) {
  const factor = Math.min(scale, MAX_SIDE / Math.max(width, height));
  const url = URL.createObjectURL(new Blob([svg], { type: SVG_TYPE }));
  try {
    const image = new Image(width, height);
    image.src = url;
    await image.decode();
    const canvas = document.createElement("canvas");
    canvas.width = Math.round(width * factor);
    canvas.height = Math.round(height * factor);
    const context = canvas.getContext("2d");
    context.scale(factor, factor);
    context.drawImage(image, 0, 0, width, height);
    return await new Promise((resolve, reject) => canvas.toBlob((blob) => (blob ? resolve(blob) : reject(new Error("canvas.toBlob gave nothing"))), "image/png"));
  } finally {
    URL.revokeObjectURL(url);
  }
}

/** Save a figure ({ svg, width, height, name }) as `name.svg` or `name.png`. */
export async function saveFigure(figure, format) {
  if (format === "svg") saveSvg(figure.svg, `${figure.name}.svg`);
  else saveBlob(await svgToPng(figure.svg, figure.width, figure.height), `${figure.name}.png`);
}
