// Choosing the table, and keeping the shape one the table allows: LeNet's C3 is 6 -> 16,
// a depthwise table has as many output maps as input maps, a grouped one needs g to divide
// both. The server refuses anything else (a 422 naming the field); these only spare the
// reader a refusal for a choice that has one obvious fit.

const LISTS = ["x", "weight", "bias"];
const LENET = { cin: 6, cout: 16 };

function smallestCommonDivisor(a, b) {
  for (let d = 2; d <= Math.min(a, b); d += 1) if (a % d === 0 && b % d === 0) return d;
  return 1;
}

/** `patch` completed so that the state after it fits its table; edited lists are dropped when a second shape field moves. */
export function fitPatch(state, patch) {
  const next = { ...state, ...patch };
  const out = { ...patch };
  if (next.table === "lenet") Object.assign(out, LENET);
  if (next.table === "depthwise") {
    if ("cout" in patch && !("cin" in patch)) out.cin = next.cout;
    else out.cout = next.cin;
  }
  if (next.table === "groups" && (next.cin % next.g || next.cout % next.g)) {
    const cin = out.cin ?? next.cin;
    const cout = out.cout ?? next.cout;
    if (cin % next.g || cout % next.g) out.g = smallestCommonDivisor(cin, cout);
  }
  const cout = out.cout ?? next.cout;
  if (next.o >= cout) out.o = cout - 1;
  const moved = ["cin", "cout"].filter((name) => name in out && out[name] !== state[name] && !(name in patch));
  if (moved.length) for (const list of LISTS) out[list] = null;
  return out;
}

/** The store, with every `set` fitted to the table first (for the shared steppers). */
export function fitTable(store) {
  const fitted = Object.create(store);
  fitted.set = (patch) => store.set(fitPatch(store.state, patch));
  return fitted;
}

export function mountTableChoice(root, store) {
  const select = root.querySelector('[data-testid="table-select"]');
  select.addEventListener("change", () => {
    // A new shape drops the example's lists (fitPatch): the seed draws ones that fit.
    store.set(fitPatch(store.state, { table: select.value }));
  });
  const stepper = (name) => root.querySelector(`[data-testid="shape-${name}"]`)?.closest(".stepper");
  store.subscribe(({ data, changed }) => {
    if (!data || changed !== "data") return;
    if (select.value !== data.kind) select.value = data.kind;
    const hidden = { cin: data.kind === "lenet", cout: data.kind === "lenet" || data.kind === "depthwise", g: data.kind !== "groups" };
    for (const [name, hide] of Object.entries(hidden)) {
      const wrap = stepper(name);
      if (wrap && wrap.hidden !== hide) wrap.hidden = hide;
    }
  });
}
