// Boot of the digits view: one store, the drawing, the score map and the facts beside it.

import { setCatalog } from "./i18n.js";
import { createStore } from "./store.js";
import { mountControls } from "./views/controls.js";
import { mountDigitsCanvas } from "./views/digits_canvas.js";
import { mountDigitsMap } from "./views/digits_map.js";
import { mountErrors } from "./views/errors.js";
import { mountExport } from "./export/mount.js";
import { mountPage } from "./page.js";

const boot = JSON.parse(document.getElementById("boot").textContent);
setCatalog(boot.strings);

const store = createStore({ fields: boot.fields, apiUrl: boot.api });
const part = (testid) => document.querySelector(`[data-testid="${testid}"]`);

// The map position the reader chose (click, tap, arrows); hover previews another.
const selection = { position: 0 };
const shownWindow = (state, ui) => {
  const data = store.data;
  if (!data) return null;
  return Math.min(ui.hover?.position ?? selection.position, data.shape.positions - 1) * data.shape.stride;
};

// An embed shows the panel alone: no controls.
if (part("controls")) mountControls(part("controls"), store, { ...boot, label: (name) => `digits.controls.${name}` });
mountErrors(part("error"), store);
mountDigitsCanvas(part("digits-panel"), store, boot.fields.find((f) => f.name === "ink"), shownWindow);
mountDigitsMap(part("digits-panel"), store, selection);
mountExport(document.body, store);
mountPage(store, boot);
store.start();
