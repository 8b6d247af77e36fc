// Boot of the guided path's contents: no example here, only the page's keys.

import { setCatalog } from "./i18n.js";
import { mountPage } from "./page.js";

const boot = JSON.parse(document.getElementById("boot").textContent);
setCatalog(boot.strings);
mountPage(null, boot);
