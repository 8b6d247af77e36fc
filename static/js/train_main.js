// Boot of the training panel: one store; the models, the loss curve, the proof and the
// transport each subscribe to it.

import { setCatalog, t } from "./i18n.js";
import { createStore } from "./store.js";
import { mountControls } from "./views/controls.js";
import { mountErrors } from "./views/errors.js";
import { mountTrainCurve } from "./views/train_curve.js";
import { mountTrainModels } from "./views/train_models.js";
import { mountTrainProof } from "./views/train_proof.js";
import { mountTransport } from "./views/transport.js";
import { mountPage } from "./page.js";

const boot = JSON.parse(document.getElementById("boot").textContent);
setCatalog(boot.strings);

// Step t of the walk-through shows the weights after t steps of gradient descent.
const stepCount = (data) => data.steps.length - 1;
const store = createStore({ fields: boot.fields, apiUrl: boot.api, stepCount });
const part = (testid) => document.querySelector(`[data-testid="${testid}"]`);

// An embed shows the models alone: no controls.
if (part("controls")) {
  mountControls(part("controls"), store, { ...boot, label: (name) => `train.controls.${name}` });
  const lr = part("lr-select");
  lr.addEventListener("change", () => store.set({ lr: lr.value, step: store.walkStart }));
  store.subscribe(({ data, changed }) => {
    if (data && changed === "data") lr.value = String(store.state.lr);
  });
}
mountErrors(part("error"), store);
mountTrainModels(part("train-models"), store);
mountTrainCurve(part("loss-curve"), store);
mountTrainProof(part("train-proof-rows"), part("train-problem"), part("train-narration"), store);
mountTransport(part("player"), store, {
  count: stepCount,
  position: (step, total) => t("train.position", { n: step, total }),
  done: (total) => t("train.done", { total }),
  swipeArea: part("train-models"),
});
mountPage(store, boot);
store.start();
