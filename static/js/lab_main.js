// Boot of the convolutionalization lab: one store, one view per part of the page.

import { setCatalog, t } from "./i18n.js";
import { createStore } from "./store.js";
import { mountControls } from "./views/controls.js";
import { mountErrors } from "./views/errors.js";
import { mountExport } from "./export/mount.js";
import { mountLabFacts } from "./views/lab_facts.js";
import { mountLabFc } from "./views/lab_fc.js";
import { mapPositions, mountLabSlide } from "./views/lab_slide.js";
import { mountTransport } from "./views/transport.js";
import { mountPage } from "./page.js";

const boot = JSON.parse(document.getElementById("boot").textContent);
setCatalog(boot.strings);

const store = createStore({
  fields: boot.fields,
  apiUrl: boot.api,
  stepCount: mapPositions,
});
const part = (testid) => document.querySelector(`[data-testid="${testid}"]`);

// An embed shows the sliding window alone: no controls, no other panels.
if (part("controls")) {
  mountControls(part("controls"), store, {
    ...boot,
    label: (name) => `lab.controls.${name}`,
  });
  const order = part("order-select");
  order.addEventListener("change", () => store.set({ order: order.value }));
  store.subscribe(({ data, changed }) => {
    if (data && changed === "data") order.value = data.order;
  });
}
mountErrors(part("error"), store);
mountLabSlide(part("lab-slide"), store);
mountTransport(part("player"), store, {
  count: mapPositions,
  position: (step, total) => t("lab.slide.position", { n: step + 1, total }),
  done: (total) => t("lab.slide.done", { total }),
  swipeArea: part("lab-slide"),
});
if (part("lab-fc")) {
  mountLabFc(part("lab-fc"), part("lab-kernels"), store);
  mountLabFacts(part("lab-linear"), part("lab-real"), store, boot.real_heads);
}
mountPage(store, boot);
mountExport(document.body, store);
store.start();
