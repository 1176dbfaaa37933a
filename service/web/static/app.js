// The article page: one client of the public API (POST /v1/analyze), no build step, no framework.
// Article text is only ever inserted with textContent / text nodes, never as HTML.
// API offsets are Unicode code points; JavaScript strings index UTF-16 code units, so every span is
// cut from Array.from(text) (one element per code point), never with String.prototype.slice.
"use strict";

(() => {
  const SVG_NS = "http://www.w3.org/2000/svg";
  const REQUEST_TIMEOUT_MS = 120000;
  const LABELS = ["supportive", "critical", "neutral"];

  const $ = (id) => document.getElementById(id);
  const ui = {
    input: $("input"),
    article: $("article"),
    analyse: $("analyse"),
    edit: $("edit"),
    sample: $("sample"),
    status: $("status"),
    error: $("error"),
    errorTitle: $("error-title"),
    errorDetail: $("error-detail"),
    errorList: $("error-list"),
    errorMeta: $("error-meta"),
    summary: $("summary"),
    warning: $("warning"),
    details: $("details"),
    graph: $("graph"),
    relations: $("relations-table"),
    quotes: $("quotes-table"),
    quotesEmpty: $("quotes-empty"),
    actors: $("actors-table"),
    actorsEmpty: $("actors-empty"),
    footer: $("footer"),
  };

  // Relative URLs so the page also works behind a path prefix.
  const api = (path) => new URL(path, document.baseURI).toString();

  // ---------- tiny DOM helpers ----------

  function h(tag, attrs, ...children) {
    const node = document.createElement(tag);
    setAttrs(node, attrs);
    append(node, children);
    return node;
  }

  function s(tag, attrs, ...children) {
    const node = document.createElementNS(SVG_NS, tag);
    setAttrs(node, attrs);
    append(node, children);
    return node;
  }

  function setAttrs(node, attrs) {
    for (const [k, v] of Object.entries(attrs || {})) {
      if (v === null || v === undefined || v === false) continue;
      if (k === "text") node.textContent = String(v);
      else node.setAttribute(k, v === true ? "" : String(v));
    }
  }

  function append(node, children) {
    for (const c of children.flat()) {
      if (c === null || c === undefined || c === false) continue;
      node.appendChild(c instanceof Node ? c : document.createTextNode(String(c)));
    }
  }

  function clear(node) {
    while (node.firstChild) node.removeChild(node.firstChild);
  }

  const fmt = (x) => (typeof x === "number" ? x.toFixed(2) : "–");

  // ---------- state ----------

  const state = {
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

  function setState(name) {
    document.body.dataset.state = name;
  }

  // ---------- errors ----------

  function hideError() {
    ui.error.hidden = true;
    clear(ui.errorList);
  }

  function showError(title, detail, { errors = null, meta = "" } = {}) {
    ui.errorTitle.textContent = title;
    ui.errorDetail.textContent = detail || "";
    ui.errorDetail.hidden = !detail;
    clear(ui.errorList);
    for (const line of flattenErrors(errors)) ui.errorList.appendChild(h("li", { text: line }));
    ui.errorList.hidden = !ui.errorList.firstChild;
    ui.errorMeta.textContent = meta;
    ui.errorMeta.hidden = !meta;
    ui.error.hidden = false;
    setState("error");
  }

  // problem+json `errors` (field -> messages, possibly nested) as readable lines.
  function flattenErrors(errors, prefix = "") {
    if (!errors || typeof errors !== "object") return [];
    if (Array.isArray(errors)) {
      return errors.flatMap((e) =>
        typeof e === "object" && e !== null ? flattenErrors(e, prefix) : [prefix ? `${prefix}: ${e}` : String(e)]
      );
    }
    return Object.entries(errors).flatMap(([k, v]) => flattenErrors(v, prefix ? `${prefix}.${k}` : k));
  }

  function showProblem(res, body) {
    const requestId = res.headers.get("X-Request-ID");
    const meta = [`HTTP ${res.status}`, requestId ? `request ${requestId}` : ""].filter(Boolean).join(" · ");
    if (body && typeof body === "object" && (body.title || body.detail)) {
      showError(String(body.title || res.statusText || "Request failed"), body.detail ? String(body.detail) : "", {
        errors: body.errors,
        meta,
      });
    } else {
      showError(
        `The service answered ${res.status} ${res.statusText || ""}`.trim(),
        "The answer carried no problem description.",
        { meta }
      );
    }
  }

  // ---------- API ----------

  async function analyse() {
    if (state.busy) return;
    const text = ui.input.value;
    hideError();
    setBusy(true);
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(), REQUEST_TIMEOUT_MS);
    const started = performance.now();
    let res;
    try {
      res = await fetch(api("v1/analyze"), {
        method: "POST",
        headers: { "Content-Type": "application/json", Accept: "application/json, application/problem+json" },
        body: JSON.stringify({ text }),
        signal: controller.signal,
      });
    } catch (err) {
      clearTimeout(timer);
      setBusy(false);
      const timedOut = err && err.name === "AbortError";
      showError(
        timedOut ? "The analysis took too long" : "Could not reach the service",
        timedOut
          ? `No answer within ${REQUEST_TIMEOUT_MS / 1000} seconds. Try a shorter text or try again later.`
          : `The request did not complete (${(err && err.message) || "network error"}). Check your connection and that the service is running, then try again.`
      );
      return;
    }
    clearTimeout(timer);
    let body = null;
    try {
      body = await res.json();
    } catch {
      body = null;
    }
    setBusy(false);
    if (!res.ok) {
      showProblem(res, body);
      return;
    }
    if (!body || !Array.isArray(body.quotes) || !Array.isArray(body.actors)) {
      showError("The service sent an answer this page cannot read", "Expected the JSON described in openapi.yaml.", {
        meta: `HTTP ${res.status}`,
      });
      return;
    }
    try {
      render(text, body, performance.now() - started);
    } catch (err) {
      showError("The answer could not be displayed", String((err && err.message) || err));
      return;
    }
    setState("done");
  }

  function setBusy(busy) {
    state.busy = busy;
    ui.analyse.disabled = busy;
    ui.analyse.textContent = busy ? "Analysing…" : "Analyse";
    ui.status.textContent = busy ? "Reading the article…" : "";
    if (busy) setState("busy");
  }

  async function loadSamples() {
    try {
      const res = await fetch(api("samples"), { headers: { Accept: "application/json" } });
      if (!res.ok) throw new Error(`HTTP ${res.status}`);
      const body = await res.json();
      const list = Array.isArray(body.samples) ? body.samples : [];
      clear(ui.sample);
      ui.sample.appendChild(h("option", { value: "", text: list.length ? "Load a sample article…" : "No samples" }));
      for (const item of list) {
        ui.sample.appendChild(h("option", { value: item.name, text: item.title || item.name }));
      }
      ui.sample.disabled = !list.length;
    } catch {
      clear(ui.sample);
      ui.sample.appendChild(h("option", { value: "", text: "Samples unavailable" }));
      ui.sample.disabled = true;
    }
  }

  async function loadSample(name) {
    if (!name) return;
    hideError();
    ui.status.textContent = "Loading sample…";
    try {
      const res = await fetch(api(`samples/${encodeURIComponent(name)}`), { headers: { Accept: "application/json" } });
      let body = null;
      try {
        body = await res.json();
      } catch {
        body = null;
      }
      if (!res.ok) {
        showProblem(res, body);
        return;
      }
      ui.input.value = body.text;
      showEditor();
      ui.status.textContent = "Sample loaded. Press Analyse.";
      setState("idle");
    } catch (err) {
      ui.status.textContent = "";
      showError("Could not load the sample", `The request did not complete (${(err && err.message) || "network error"}).`);
    }
  }

  function showEditor() {
    ui.input.hidden = false;
    ui.article.hidden = true;
    ui.edit.hidden = true;
    ui.input.focus();
  }

  function showArticle() {
    ui.input.hidden = true;
    ui.article.hidden = false;
    ui.edit.hidden = false;
  }

  // ---------- indexing ----------

  function indexData(data) {
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

  const actorName = (id) => (id && state.actors.has(id) ? state.actors.get(id).name : id || "unknown");

  // ---------- highlighted article ----------

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

  function renderArticle(text, data) {
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
  function quoteOf(node) {
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

  function selectQuote(qid, { scroll = false } = {}) {
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

  function hoverQuote(qid) {
    if (state.hovered === qid) return;
    if (state.hovered) paint(state.hovered, false, "is-hover");
    state.hovered = qid;
    if (qid) paint(qid, true, "is-hover");
    renderDetails(qid || state.selected);
  }

  function selectActor(aid) {
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

  // ---------- details panel ----------

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

  function badge(label) {
    const known = LABELS.includes(label) ? label : "neutral";
    return h("span", { class: `badge label-${known}`, text: label || "unknown" });
  }

  function renderDetails(qid) {
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

  // ---------- stance graph (plain SVG) ----------

  function renderGraph(data) {
    clear(ui.graph);
    const relations = (data.relations || []).filter((r) => r && r.source && r.target && r.source !== r.target);
    if (!relations.length) {
      ui.graph.appendChild(h("p", { class: "hint", text: "No stance between countries or organisations was found in this article." }));
      return;
    }
    const seenIds = [];
    for (const r of relations) for (const id of [r.source, r.target]) if (!seenIds.includes(id)) seenIds.push(id);
    const ids = orderNodes(seenIds, relations);

    const W = 760;
    const H = ids.length <= 2 ? 240 : ids.length <= 4 ? 380 : 460;
    const cx = W / 2;
    const cy = H / 2;
    // An ellipse, leaving room at the sides for names and at top and bottom for one label line.
    const RX = W / 2 - 190;
    const RY = H / 2 - 62;
    const pos = new Map();
    ids.forEach((id, i) => {
      // Two nodes sit side by side; more go round the ellipse starting at the top.
      const angle = ids.length === 2 ? Math.PI * (i + 1) : -Math.PI / 2 + (2 * Math.PI * i) / ids.length;
      pos.set(id, { x: cx + RX * Math.cos(angle), y: cy + RY * Math.sin(angle) });
    });

    const root = s("svg", {
      viewBox: `0 0 ${W} ${H}`,
      class: "stance-graph",
      role: "img",
      "aria-label": `Stance graph: ${relations.length} relation${relations.length === 1 ? "" : "s"} between ${ids.length} principals`,
    });
    const defs = s("defs");
    for (const label of LABELS) {
      defs.appendChild(
        s(
          "marker",
          {
            id: `arrow-${label}`,
            viewBox: "0 0 10 10",
            refX: "9",
            refY: "5",
            markerWidth: "11",
            markerHeight: "11",
            markerUnits: "userSpaceOnUse",
            orient: "auto-start-reverse",
          },
          s("path", { d: "M0,0 L10,5 L0,10 z", class: `arrow-head label-${label}` })
        )
      );
    }
    root.appendChild(defs);

    const NODE_R = 20;
    const edgesLayer = s("g", { class: "edges" });
    const labelsLayer = s("g", { class: "edge-labels" });
    const nodesLayer = s("g", { class: "nodes" });
    const obstacles = [];
    const nameLabels = new Map();
    for (const id of ids) {
      const p = pos.get(id);
      obstacles.push({ x: p.x - NODE_R - 2, y: p.y - NODE_R - 2, w: 2 * NODE_R + 4, h: 2 * NODE_R + 4 });
      const a = state.actors.get(id) || { name: id };
      const lab = nodeLabel(a.name, p, cx, cy, NODE_R);
      nameLabels.set(id, lab.node);
      obstacles.push(lab.box);
    }
    const seen = new Map();
    for (const r of relations) {
      const a = pos.get(r.source);
      const b = pos.get(r.target);
      const key = `${r.source}>${r.target}`;
      const nth = seen.get(key) || 0;
      seen.set(key, nth + 1);
      const dx = b.x - a.x;
      const dy = b.y - a.y;
      const dist = Math.hypot(dx, dy) || 1;
      // Bend every edge to its own left, so A→B and B→A never lie on top of each other.
      const bend = 0.16 * dist + 26 * nth;
      const c = { x: (a.x + b.x) / 2 + (dy / dist) * bend, y: (a.y + b.y) / 2 - (dx / dist) * bend };
      const from = towards(a, c, NODE_R + 3);
      const to = towards(b, c, NODE_R + 5);
      const count = Math.max((r.quotes || []).length, (r.stances || []).length, 1);
      const width = Math.min(2 + 1.6 * (count - 1), 10);
      const label = LABELS.includes(r.label) ? r.label : "neutral";
      const src = state.actors.get(r.source) || {};
      const tgt = state.actors.get(r.target) || {};
      const title = `${actorName(r.source)} → ${actorName(r.target)}: ${r.label}, ${count} statement${count === 1 ? "" : "s"}`;
      edgesLayer.appendChild(
        s(
          "g",
          {
            class: `edge label-${label}`,
            "data-source": r.source,
            "data-target": r.target,
            "data-source-name": src.name || r.source,
            "data-target-name": tgt.name || r.target,
            "data-source-country": src.country || null,
            "data-target-country": tgt.country || null,
            "data-label": r.label,
            "data-count": count,
          },
          s("title", { text: title }),
          s("path", {
            d: `M${from.x.toFixed(1)},${from.y.toFixed(1)} Q${c.x.toFixed(1)},${c.y.toFixed(1)} ${to.x.toFixed(1)},${to.y.toFixed(1)}`,
            class: `edge-line label-${label}`,
            "stroke-width": width.toFixed(1),
            "marker-end": `url(#arrow-${label})`,
          })
        )
      );
      // The label goes where it hides no node, name or other label; a pill keeps it readable.
      const text = `${r.label} · ${count}`;
      const box = placeLabel(from, c, to, text.length * 7 + 14, 18, obstacles);
      obstacles.push(box);
      labelsLayer.appendChild(
        s(
          "g",
          { class: `edge-label label-${label}` },
          s("rect", { x: box.x.toFixed(1), y: box.y.toFixed(1), width: box.w.toFixed(1), height: box.h, rx: 9 }),
          s("text", { x: (box.x + box.w / 2).toFixed(1), y: (box.y + 13).toFixed(1), "text-anchor": "middle", text })
        )
      );
    }

    for (const id of ids) {
      const p = pos.get(id);
      const a = state.actors.get(id) || { name: id, type: "other" };
      const type = a.type === "country" ? "country" : "organization";
      const shape =
        type === "country"
          ? s("circle", { cx: p.x.toFixed(1), cy: p.y.toFixed(1), r: NODE_R, class: `node-shape type-${type}` })
          : s("rect", {
              x: (p.x - NODE_R).toFixed(1),
              y: (p.y - NODE_R).toFixed(1),
              width: NODE_R * 2,
              height: NODE_R * 2,
              rx: 6,
              class: `node-shape type-${type}`,
            });
      const initials = initialsOf(a);
      const node = s(
        "g",
        { class: "node", "data-actor": id, "data-type": a.type || null, "data-country": a.country || null, "data-name": a.name },
        s("title", { text: `${a.name}${a.type ? ` (${a.type}${a.country ? `, ${a.country}` : ""})` : ""}` }),
        shape,
        s("text", { x: p.x.toFixed(1), y: (p.y + 4).toFixed(1), class: "node-initials", "text-anchor": "middle", text: initials })
      );
      node.appendChild(nameLabels.get(id));
      nodesLayer.appendChild(node);
    }
    root.append(edgesLayer, nodesLayer, labelsLayer);
    ui.graph.appendChild(root);
  }

  // A short tag inside the node: the ISO code of a country, else the initials of the name.
  function initialsOf(actor) {
    if (actor.type === "country" && actor.country) return actor.country;
    const words = (actor.name || "?").replace(/^the\s+/i, "").split(/[\s-]+/).filter((w) => /^[A-Z]/.test(w));
    if (words.length >= 2) return words.map((w) => w[0]).join("").slice(0, 4);
    return (actor.name || "?").replace(/^the\s+/i, "").slice(0, 3).toUpperCase();
  }

  function towards(p, q, d) {
    const dx = q.x - p.x;
    const dy = q.y - p.y;
    const len = Math.hypot(dx, dy) || 1;
    return { x: p.x + (dx / len) * d, y: p.y + (dy / len) * d };
  }

  // A name outside its node, away from the centre, wrapped when long; RETURNS the text and its box.
  function nodeLabel(name, p, cx, cy, r) {
    const dx = p.x - cx;
    const dy = p.y - cy;
    const len = Math.hypot(dx, dy) || 1;
    const ux = dx / len;
    const uy = dy / len;
    const anchor = Math.abs(ux) < 0.35 ? "middle" : ux > 0 ? "start" : "end";
    const lines = wrap(name || "", 22);
    const x = p.x + ux * (r + 8);
    let y = p.y + uy * (r + 10) + 5;
    if (uy < -0.35) y -= (lines.length - 1) * 16 + 4;
    else if (uy > 0.35) y += 8;
    else y -= ((lines.length - 1) * 16) / 2;
    const node = s("text", { x: x.toFixed(1), y: y.toFixed(1), class: "node-label", "text-anchor": anchor });
    lines.forEach((line, i) => node.appendChild(s("tspan", { x: x.toFixed(1), dy: i ? 16 : 0, text: line })));
    const w = Math.max(...lines.map((l) => l.length)) * 8.2;
    const left = anchor === "start" ? x : anchor === "end" ? x - w : x - w / 2;
    return { node, box: { x: left, y: y - 13, w, h: lines.length * 16 + 2 } };
  }

  // Where along the curve a label of w×h hides least: the middle if free, else the first free
  // point moving out from it, else the least covered one.
  function placeLabel(from, c, to, w, h, obstacles) {
    let best = null;
    for (const t of [0.5, 0.4, 0.6, 0.3, 0.7, 0.22, 0.78]) {
      const u = 1 - t;
      const x = u * u * from.x + 2 * u * t * c.x + t * t * to.x;
      const y = u * u * from.y + 2 * u * t * c.y + t * t * to.y;
      const box = { x: x - w / 2, y: y - h / 2, w, h };
      const covered = obstacles.reduce((sum, o) => sum + overlap(box, o), 0);
      if (covered === 0) return box;
      if (!best || covered < best.covered) best = { box, covered };
    }
    return best.box;
  }

  function overlap(a, b) {
    const w = Math.min(a.x + a.w, b.x + b.w) - Math.max(a.x, b.x);
    const h = Math.min(a.y + a.h, b.y + b.h) - Math.max(a.y, b.y);
    return w > 0 && h > 0 ? w * h : 0;
  }

  // Order the principals round the ellipse so that as few edges as possible cross, and linked
  // principals sit close: exhaustive for up to 8 nodes (7! orders), order of appearance beyond.
  function orderNodes(ids, relations) {
    if (ids.length <= 3 || ids.length > 8) return ids;
    const weight = new Map();
    for (const r of relations) {
      const key = [r.source, r.target].sort().join("\u0000");
      weight.set(key, (weight.get(key) || 0) + Math.max((r.quotes || []).length, 1));
    }
    const pairs = [...weight.entries()].map(([key, w]) => [...key.split("\u0000"), w]);
    const n = ids.length;
    const cost = (order) => {
      const at = new Map(order.map((id, i) => [id, i]));
      const chords = pairs.map(([a, b, w]) => {
        const i = at.get(a);
        const j = at.get(b);
        return [Math.min(i, j), Math.max(i, j), w];
      });
      let crossings = 0;
      let length = 0;
      for (let x = 0; x < chords.length; x += 1) {
        const [a, b, w] = chords[x];
        length += w * Math.min(b - a, n - (b - a));
        for (let y = x + 1; y < chords.length; y += 1) {
          const [c, d] = chords[y];
          if ((a < c && c < b && b < d) || (c < a && a < d && d < b)) crossings += 1;
        }
      }
      return crossings * 1000 + length;
    };
    let best = ids;
    let bestCost = cost(ids);
    const rest = ids.slice(1);
    const permute = (prefix, remaining) => {
      if (!remaining.length) {
        const order = [ids[0], ...prefix];
        const c = cost(order);
        if (c < bestCost) {
          best = order;
          bestCost = c;
        }
        return;
      }
      for (let i = 0; i < remaining.length; i += 1) {
        permute([...prefix, remaining[i]], [...remaining.slice(0, i), ...remaining.slice(i + 1)]);
      }
    };
    permute([], rest);
    return best;
  }

  function wrap(text, width) {
    if (text.length <= width) return [text];
    const words = text.split(/\s+/);
    const lines = [""];
    for (const w of words) {
      const cur = lines[lines.length - 1];
      if (cur && (cur + " " + w).length > width && lines.length < 3) lines.push(w);
      else lines[lines.length - 1] = cur ? `${cur} ${w}` : w;
    }
    return lines;
  }

  // ---------- tables ----------

  function renderRelations(data) {
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

  function renderQuotes(data) {
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

  function renderActors(data) {
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

  function renderSummary(data, ms) {
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

  function render(text, data, ms = 0) {
    state.data = data;
    state.selected = null;
    state.hovered = null;
    state.actor = null;
    indexData(data);
    renderArticle(text, data);
    renderQuotes(data);
    renderActors(data);
    renderRelations(data);
    renderGraph(data);
    renderSummary(data, ms);
    renderDetails(null);
    showArticle();
  }

  // ---------- events ----------

  ui.analyse.addEventListener("click", analyse);
  ui.edit.addEventListener("click", showEditor);
  ui.input.addEventListener("keydown", (e) => {
    if (e.key === "Enter" && (e.ctrlKey || e.metaKey)) analyse();
  });
  ui.sample.addEventListener("change", () => loadSample(ui.sample.value));
  ui.article.addEventListener("click", (e) => {
    const qid = quoteOf(e.target);
    if (qid) selectQuote(qid === state.selected ? null : qid);
  });
  ui.article.addEventListener("mouseover", (e) => hoverQuote(quoteOf(e.target)));
  ui.article.addEventListener("mouseleave", () => hoverQuote(null));
  const rowQuote = (e) => {
    const row = e.target.closest("tr[data-quote-id]");
    return row ? row.dataset.quoteId : null;
  };
  ui.quotes.addEventListener("click", (e) => {
    const qid = rowQuote(e);
    if (qid) selectQuote(qid, { scroll: true });
  });
  ui.quotes.addEventListener("keydown", (e) => {
    const qid = rowQuote(e);
    if (qid && (e.key === "Enter" || e.key === " ")) {
      e.preventDefault();
      selectQuote(qid, { scroll: true });
    }
  });

  const rowActor = (e) => {
    const row = e.target.closest("tr[data-actor-id]");
    return row ? row.dataset.actorId : null;
  };
  ui.actors.addEventListener("click", (e) => {
    const aid = rowActor(e);
    if (aid) selectActor(aid);
  });
  ui.actors.addEventListener("keydown", (e) => {
    const aid = rowActor(e);
    if (aid && (e.key === "Enter" || e.key === " ")) {
      e.preventDefault();
      selectActor(aid);
    }
  });

  loadSamples();
})();
