// Boot of the connection-table view: one store, the table's grid and the facts beside it.

import { setCatalog } from "./i18n.js";
import { createStore } from "./store.js";
import { mountControls } from "./views/controls.js";
import { mountErrors } from "./views/errors.js";
import { fitTable, mountTableChoice } from "./views/table_choice.js";
import { mountTableFacts } from "./views/table_facts.js";
import { mountTableGrid } from "./views/table_grid.js";
import { mountPage } from "./page.js";

const boot = JSON.parse(document.getElementById("boot").textContent);
setCatalog(boot.strings);

const store = createStore({ fields: boot.fields, apiUrl: boot.api });
const part = (testid) => document.querySelector(`[data-testid="${testid}"]`);

// An embed shows the table panel alone: no controls.
if (part("controls")) {
  mountControls(part("controls"), fitTable(store), { ...boot, label: (name) => `table.controls.${name}` });
  mountTableChoice(part("controls"), store);
}
mountErrors(part("error"), store);
mountTableGrid(part("table-panel"), store);
mountTableFacts(part("table-panel"), store, boot);
mountPage(store, boot);
store.start();
