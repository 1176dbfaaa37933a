// What the page knows about the current answer: the answer itself, indexes by id, and what is
// selected or hovered.

export const LABELS = ["supportive", "critical", "neutral"];

export const state = {
  data: null,
  cps: [],
  actors: new Map(),
  quotes: new Map(),
  stancesByQuote: new Map(),
  targetsByQuote: new Map(),
  selected: null,
  hovered: null,
  actor: null,
  busy: false,
};

export function setState(name) {
  document.body.dataset.state = name;
}

export function indexData(data) {
  state.actors = new Map((data.actors || []).map((a) => [a.id, a]));
  state.quotes = new Map((data.quotes || []).map((q) => [q.id, q]));
  state.stancesByQuote = new Map();
  for (const st of data.stances || []) {
    for (const qid of st.quotes || []) {
      if (!state.stancesByQuote.has(qid)) state.stancesByQuote.set(qid, []);
      state.stancesByQuote.get(qid).push(st);
    }
  }
  state.targetsByQuote = new Map();
  for (const t of data.targets || []) {
    if (!state.targetsByQuote.has(t.quote)) state.targetsByQuote.set(t.quote, []);
    state.targetsByQuote.get(t.quote).push(t);
  }
}

export const actorName = (id) => (id && state.actors.has(id) ? state.actors.get(id).name : id || "unknown");
