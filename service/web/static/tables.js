// The tables: quotes, actors and relations, and the summary line and footer.
import { clear, fmt, h, ui } from "./dom.js";
import { actorName, state } from "./state.js";
import { badge } from "./details.js";

export function renderRelations(data) {
  const body = ui.relations.tBodies[0];
  clear(body);
  const relations = data.relations || [];
  for (const r of relations) {
    const count = Math.max((r.quotes || []).length, (r.stances || []).length, 1);
    body.appendChild(
      h(
        "tr",
        { "data-label": r.label },
        h("td", { text: actorName(r.source) }),
        h("td", { text: actorName(r.target) }),
        h("td", {}, badge(r.label)),
        h("td", { class: "num", text: count }),
        h("td", { class: "num", text: fmt(r.confidence) })
      )
    );
  }
  ui.relations.hidden = !relations.length;
}

export function renderQuotes(data) {
  const body = ui.quotes.tBodies[0];
  clear(body);
  const quotes = [...(data.quotes || [])].sort((a, b) => a.start - b.start);
  quotes.forEach((q, i) => {
    const stances = state.stancesByQuote.get(q.id) || [];
    const labels = [...new Set(stances.map((st) => st.label))];
    body.appendChild(
      h(
        "tr",
        { "data-quote-id": q.id, tabindex: 0, "aria-label": `Quote ${i + 1} by ${q.speaker ? actorName(q.speaker) : "unknown speaker"}` },
        h("td", { class: "num", text: i + 1 }),
        h("td", { class: "speaker-cell", text: q.speaker ? actorName(q.speaker) : "—" }),
        h("td", { text: q.cue ? q.cue.text : "—" }),
        h("td", { class: "quote-cell", text: q.text }),
        h("td", {}, h("span", { class: "pill", text: q.type })),
        h("td", {}, labels.length ? labels.map(badge) : "—")
      )
    );
  });
  ui.quotes.hidden = !quotes.length;
  ui.quotesEmpty.hidden = !!quotes.length;
  ui.quotesEmpty.textContent = "No quotes were found in this article.";
}

export function renderActors(data) {
  const body = ui.actors.tBodies[0];
  clear(body);
  const spoke = new Map();
  for (const q of data.quotes || []) if (q.speaker) spoke.set(q.speaker, (spoke.get(q.speaker) || 0) + 1);
  const actors = [...(data.actors || [])].sort(
    (a, b) => (spoke.get(b.id) || 0) - (spoke.get(a.id) || 0) || (b.mentions || []).length - (a.mentions || []).length
  );
  for (const a of actors) {
    body.appendChild(
      h(
        "tr",
        { "data-actor-id": a.id, tabindex: 0, "aria-label": `Show the mentions of ${a.name}` },
        h("td", {}, h("strong", { text: a.name })),
        h("td", { text: a.type }),
        h("td", { text: a.country || "—" }),
        h("td", { text: a.affiliation ? actorName(a.affiliation) : "—" }),
        h("td", { text: (a.titles || []).join(", ") || "—" }),
        h("td", { class: "num", text: (a.mentions || []).length }),
        h("td", { class: "num", text: spoke.get(a.id) || 0 })
      )
    );
  }
  ui.actors.hidden = !actors.length;
  ui.actorsEmpty.hidden = !!actors.length;
  ui.actorsEmpty.textContent = "No actors were found in this article.";
}

export function renderSummary(data, ms) {
  clear(ui.summary);
  const n = (k) => (data[k] || []).length;
  const item = (count, label) => h("span", { class: "summary-item" }, h("strong", { text: count }), ` ${label}`);
  ui.summary.append(
    item(n("actors"), "actors"),
    item(n("quotes"), "quotes"),
    item(n("targets"), "targets"),
    item(n("stances"), "stances"),
    item(n("relations"), "relations")
  );
  ui.summary.hidden = false;
  const meta = data.meta || {};
  const model = meta.model ? `${meta.model.name} ${meta.model.version}` : "";
  clear(ui.footer);
  ui.footer.append(
    "Uses only the public API: ",
    h("code", { text: "POST /v1/analyze" }),
    [
      model ? ` · model ${model}` : "",
      meta.spacy_version ? ` · spaCy ${meta.spacy_version}` : "",
      typeof meta.elapsed_ms === "number" ? ` · analysed in ${Math.round(meta.elapsed_ms)} ms` : ` · ${Math.round(ms)} ms`,
      meta.request_id ? ` · request ${meta.request_id}` : "",
    ].join("")
  );
}
