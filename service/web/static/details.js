// The details panel of one quote: speaker, cue, addressees, targets and stances.
import { clear, fmt, h, ui } from "./dom.js";
import { actorName, LABELS, state } from "./state.js";

function actorLine(id, extra) {
  const a = state.actors.get(id);
  if (!a) return [h("span", { class: "muted", text: id || "unknown" })];
  const facts = [a.type, a.country].filter(Boolean).join(", ");
  const parts = [h("strong", { class: "actor-name", text: a.name })];
  if (facts) parts.push(h("span", { class: "muted", text: ` (${facts})` }));
  if (a.affiliation && state.actors.has(a.affiliation)) {
    parts.push(h("span", { class: "muted", text: ` for ${actorName(a.affiliation)}` }));
  }
  if (extra) parts.push(h("span", { class: "muted", text: ` ${extra}` }));
  return parts;
}

export function badge(label) {
  const known = LABELS.includes(label) ? label : "neutral";
  return h("span", { class: `badge label-${known}`, text: label || "unknown" });
}

export function renderDetails(qid) {
  clear(ui.details);
  delete ui.details.dataset.quoteId;
  ui.details.appendChild(h("h2", { text: "Quote details" }));
  const q = qid ? state.quotes.get(qid) : null;
  if (!q) {
    const hint = state.data
      ? state.quotes.size
        ? "Hover or click a highlighted quote, speaker or cue, or pick a row in the quote list."
        : "No quotes were found in this article."
      : "Analyse an article, then hover or click a highlighted quote, speaker or cue.";
    ui.details.appendChild(h("p", { class: "hint", text: hint }));
    return;
  }
  ui.details.dataset.quoteId = q.id;
  ui.details.appendChild(
    h("p", { class: "details-meta" }, h("span", { class: "pill", text: q.type }), ` ${q.id} · confidence ${fmt(q.confidence)}`)
  );
  ui.details.appendChild(h("blockquote", { class: "details-quote", text: q.text }));
  const dl = h("dl", { class: "details-list" });
  const row = (label, field, ...content) => {
    dl.appendChild(h("dt", { text: label }));
    dl.appendChild(h("dd", { "data-field": field }, ...content));
  };
  const mention = q.speaker_mention && q.speaker_mention.text;
  const speakerName = q.speaker ? actorName(q.speaker) : null;
  row(
    "Speaker",
    "speaker",
    q.speaker
      ? actorLine(q.speaker, mention && mention !== speakerName ? `· named here as “${mention}”` : "")
      : h("span", { class: "muted", text: mention ? `unresolved (“${mention}”)` : "not found" })
  );
  if (q.via) row("Reported via", "via", actorLine(q.via));
  row("Cue", "cue", q.cue ? [h("strong", { text: q.cue.text }), h("span", { class: "muted", text: q.cue.lemma ? ` (${q.cue.lemma})` : "" })] : h("span", { class: "muted", text: "none" }));
  const addressees = q.addressees || [];
  row(
    "Addressees",
    "addressees",
    addressees.length ? h("ul", { class: "plain" }, addressees.map((id) => h("li", {}, actorLine(id)))) : h("span", { class: "muted", text: "none" })
  );
  const targets = state.targetsByQuote.get(q.id) || [];
  row(
    "Targets",
    "targets",
    targets.length
      ? h("ul", { class: "plain" }, targets.map((t) => h("li", {}, actorLine(t.actor, `· ${t.role}`))))
      : h("span", { class: "muted", text: "none" })
  );
  const stances = state.stancesByQuote.get(q.id) || [];
  row(
    "Stance",
    "stances",
    stances.length
      ? h(
          "ul",
          { class: "plain stances" },
          stances.map((st) =>
            h(
              "li",
              { "data-label": st.label },
              h("span", { class: "arrow-line" }, h("strong", { text: actorName(st.source) }), " → ", h("strong", { text: actorName(st.target) })),
              " ",
              badge(st.label),
              st.negated ? h("span", { class: "pill", text: "negated" }) : null,
              h(
                "span",
                { class: "act" },
                `act: ${st.act || "–"}`,
                st.plover && st.plover.event ? ` · PLOVER ${st.plover.event}${st.plover.mode ? ` (${st.plover.mode})` : ""}` : "",
                st.cameo ? ` · CAMEO ${st.cameo}` : "",
                ` · confidence ${fmt(st.confidence)}`
              )
            )
          )
        )
      : h("span", { class: "muted", text: "none" })
  );
  ui.details.appendChild(dl);
}
