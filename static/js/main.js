// Boot: read the inert JSON the server put in the page, create the one store,
// mount each view on its own part of the page, then load the example in the URL.

import { setCatalog } from "./i18n.js";
import { createStore } from "./store.js";
import { mountBatch } from "./views/batch.js";
import { mountControls } from "./views/controls.js";
import { mountErrors } from "./views/errors.js";
import { mountFcTwin } from "./views/fc_twin.js";
import { mountMixer } from "./views/mixer.js";
import { mountPlayer } from "./views/player.js";

const boot = JSON.parse(document.getElementById("boot").textContent);
setCatalog(boot.strings);

const store = createStore({ fields: boot.fields, apiUrl: boot.api.mixer });
const part = (testid) => document.querySelector(`[data-testid="${testid}"]`);

mountControls(part("controls"), store, boot);
mountErrors(part("error"), store);
mountMixer(part("mixer"), store);
mountPlayer(part("player"), store);
mountFcTwin(part("fc-twin"), store);
mountBatch(part("batch"), store);
store.start();
