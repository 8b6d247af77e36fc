// Boot: read the inert JSON the server put in the page, create the one store,
// mount each view on its own part of the page, then load the example in the URL.

import { setCatalog, t } from "./i18n.js";
import { withLayout } from "./layout.js";
import { createStore } from "./store.js";
import { mountBatch } from "./views/batch.js";
import { mountCode } from "./views/code.js";
import { mountControls } from "./views/controls.js";
import { mountErrors } from "./views/errors.js";
import { mountExport } from "./export/mount.js";
import { mountFcTable } from "./views/fc_table.js";
import { mountFcTwin } from "./views/fc_twin.js";
import { mountFold } from "./views/fold.js";
import { mountMixer } from "./views/mixer.js";
import { mountPage } from "./page.js";
import { mountArithmetic } from "./views/arithmetic.js";
import { mountTransport } from "./views/transport.js";
import { mountLook, mountVolume } from "./views/volume.js";

const boot = JSON.parse(document.getElementById("boot").textContent);
setCatalog(boot.strings);

const store = createStore({
  fields: boot.fields,
  apiUrl: boot.api,
  stepCount: (data) => data.steps.i.length,
  layout: { ...boot.layout, join: withLayout },
});
const part = (testid) => document.querySelector(`[data-testid="${testid}"]`);

// An embed has one panel and no controls: mount what the page has.
if (part("controls")) {
  mountControls(part("controls"), store, {
    ...boot,
    label: (name) => `controls.${name}`,
  });
  mountFold(part("controls"));
}
mountErrors(part("error"), store);
if (part("mixer")) {
  mountMixer(part("mixer"), store);
  mountTransport(part("player"), store, {
    count: (data) => data.steps.i.length,
    position: (step, total) => t("player.position", { n: step + 1, total }),
    swipeArea: part("mixer"),
  });
  mountArithmetic(part("mixer"), store);
  const look = { fixed: boot.panel === "volume" ? "volume" : null };
  mountVolume(part("volume"), store, look);
  mountLook(part("mixer"), store, look);
}
if (part("fc-twin")) {
  mountFcTwin(part("fc-twin"), store);
  mountFcTable(part("fc-twin"), store);
}
if (part("batch")) mountBatch(part("batch"), store);
if (part("code")) mountCode(part("code"), store, { codeUrl: `${boot.base}/api/code`, language: boot.lang });
mountPage(store, boot);
mountExport(document.body, store);
store.start();
