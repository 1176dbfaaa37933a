// The highlighted article: spans cut by Unicode code points (Array.from(text), never
// String.prototype.slice, which counts UTF-16 units), nested and overlapping spans as flat pieces,
// and the selection and hover of quotes and actors in it.
import { clear, h, ui } from "./dom.js";
import { state } from "./state.js";
import { renderDetails } from "./details.js";

// Spans to highlight, checked against the text; a span that does not match is skipped, not guessed.
function collectLayers(data, cps) {
  const layers = [];
  let bad = 0;
  // owner: the quote id (content, speaker, cue, target) or actor id (mention) the span belongs to.
  const add = (span, kind, owner) => {
    if (!span) return;
    const { start, end } = span;
    const ok =
      Number.isInteger(start) &&
      Number.isInteger(end) &&
      start >= 0 &&
      start < end &&
      end <= cps.length &&
      (typeof span.text !== "string" || cps.slice(start, end).join("") === span.text);
    if (ok) layers.push({ start, end, kind, owner });
    else bad += 1;
  };
  for (const q of data.quotes || []) {
    const frags = Array.isArray(q.fragments) && q.fragments.length ? q.fragments : [q];
    for (const f of frags) add(f, "content", q.id);
    add(q.speaker_mention, "speaker", q.id);
    add(q.cue, "cue", q.id);
  }
  for (const t of data.targets || []) add(t.mention, "target", t.quote);
  // Every mention of every actor, shown only when that actor is picked in the actor list.
  for (const a of data.actors || []) for (const m of a.mentions || []) add(m, "mention", a.id);
  return { layers, bad };
}

// Cut the text at every span boundary; each piece carries the set of spans covering it, so
// overlapping and nested spans never produce broken markup.
function segments(cps, layers) {
  const opens = new Map();
  const closes = new Map();
  const points = new Set([0, cps.length]);
  for (const l of layers) {
    points.add(l.start);
    points.add(l.end);
    if (!opens.has(l.start)) opens.set(l.start, []);
    opens.get(l.start).push(l);
    if (!closes.has(l.end)) closes.set(l.end, []);
    closes.get(l.end).push(l);
  }
  const sorted = [...points].sort((a, b) => a - b);
  const active = new Set();
  const out = [];
  for (let i = 0; i < sorted.length - 1; i += 1) {
    const a = sorted[i];
    const b = sorted[i + 1];
    for (const l of closes.get(a) || []) active.delete(l);
    for (const l of opens.get(a) || []) active.add(l);
    out.push({ start: a, end: b, text: cps.slice(a, b).join(""), layers: [...active] });
  }
  return out;
}

export function renderArticle(text, data) {
  const cps = Array.from(text);
  state.cps = cps;
  const { layers, bad } = collectLayers(data, cps);
  const frag = document.createDocumentFragment();
  for (const seg of segments(cps, layers)) {
    if (!seg.layers.length) {
      frag.appendChild(document.createTextNode(seg.text));
      continue;
    }
    const ids = { content: new Set(), speaker: new Set(), cue: new Set(), target: new Set(), mention: new Set() };
    for (const l of seg.layers) ids[l.kind].add(l.owner);
    const classes = ["hl"];
    const attrs = { "data-start": seg.start, "data-end": seg.end };
    for (const [kind, set] of Object.entries(ids)) {
      if (!set.size) continue;
      classes.push(`k-${kind}`);
      const attr = kind === "content" ? "data-content" : `data-${kind}-of`;
      attrs[attr] = [...set].join(" ");
    }
    if (ids.content.size > 1) attrs["data-depth"] = Math.min(ids.content.size, 3);
    attrs.class = classes.join(" ");
    frag.appendChild(h("span", attrs, seg.text));
  }
  clear(ui.article);
  ui.article.appendChild(frag);
  ui.warning.hidden = !bad;
  ui.warning.textContent = bad
    ? `${bad} span${bad === 1 ? "" : "s"} in the answer did not match the text and ${bad === 1 ? "is" : "are"} not highlighted.`
    : "";
}

// The quote a highlighted piece stands for: the innermost quote it is part of, else the quote whose
// speaker or cue it is.
export function quoteOf(node) {
  const span = node && node.closest ? node.closest(".hl") : null;
  if (!span || !ui.article.contains(span)) return null;
  const pick = (attr) => (span.getAttribute(attr) || "").split(" ").filter((id) => state.quotes.has(id));
  const content = pick("data-content");
  if (content.length) {
    const length = (id) => state.quotes.get(id).end - state.quotes.get(id).start;
    return content.sort((x, y) => length(x) - length(y))[0];
  }
  return pick("data-speaker-of")[0] || pick("data-cue-of")[0] || null;
}

function marks(qid) {
  const sel = (attr) => ui.article.querySelectorAll(`[${attr}~="${CSS.escape(qid)}"]`);
  return {
    content: sel("data-content"),
    speaker: sel("data-speaker-of"),
    cue: sel("data-cue-of"),
    target: sel("data-target-of"),
  };
}

const MARK_CLASSES = { content: "is-sel", speaker: "is-sel-speaker", cue: "is-sel-cue", target: "is-target" };

function paint(qid, on, cls = null) {
  if (!qid) return;
  const m = marks(qid);
  for (const [kind, nodes] of Object.entries(m)) {
    const c = cls ? `${cls}-${kind}` : MARK_CLASSES[kind];
    for (const n of nodes) n.classList.toggle(c, on);
  }
}

export function selectQuote(qid, { scroll = false } = {}) {
  if (state.selected) paint(state.selected, false);
  state.selected = qid;
  if (qid) paint(qid, true);
  for (const row of ui.quotes.tBodies[0].rows) row.classList.toggle("is-selected", row.dataset.quoteId === qid);
  renderDetails(qid);
  if (scroll && qid) {
    const first = marks(qid).content[0];
    if (first) first.scrollIntoView({ block: "center", behavior: "smooth" });
  }
}

export function hoverQuote(qid) {
  if (state.hovered === qid) return;
  if (state.hovered) paint(state.hovered, false, "is-hover");
  state.hovered = qid;
  if (qid) paint(qid, true, "is-hover");
  renderDetails(qid || state.selected);
}

export function selectActor(aid) {
  const previous = state.actor;
  for (const n of ui.article.querySelectorAll(".is-mention")) n.classList.remove("is-mention");
  for (const row of ui.actors.tBodies[0].rows) row.classList.remove("is-selected");
  state.actor = aid === previous ? null : aid;
  if (!state.actor) return;
  const nodes = ui.article.querySelectorAll(`[data-mention-of~="${CSS.escape(state.actor)}"]`);
  for (const n of nodes) n.classList.add("is-mention");
  for (const row of ui.actors.tBodies[0].rows) row.classList.toggle("is-selected", row.dataset.actorId === state.actor);
  if (nodes[0]) nodes[0].scrollIntoView({ block: "center", behavior: "smooth" });
}
