// The dyad report: small multiples of net stance per period, one period's principals' graph, and
// the statements behind whatever is clicked. Plain SVG built from the inline data; nothing loaded.
"use strict";
(function () {
  const data = JSON.parse(document.getElementById("data").textContent);
  const NS = "http://www.w3.org/2000/svg";
  const COLOR = { critical: "#d55e00", supportive: "#009e73", neutral: "#6f6f6f" };
  const MAX_NODES = 12;

  function el(tag, attrs, text) {
    const node = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs || {})) node.setAttribute(k, v);
    if (text !== undefined) node.textContent = text;
    return node;
  }
  function svg(tag, attrs, text) {
    const node = document.createElementNS(NS, tag);
    for (const [k, v] of Object.entries(attrs || {})) node.setAttribute(k, v);
    if (text !== undefined) node.textContent = text;
    return node;
  }
  const name = (key) => (data.principals[key] ? data.principals[key].name : key);
  const fmt = (x) => (x > 0 ? "+" : "") + x.toFixed(2);
  // a net score's colour: critical below -0.2, supportive above +0.2, neutral between
  const tone = (net) => (net < -0.2 ? "critical" : net > 0.2 ? "supportive" : "neutral");
  const counts = (p) => `${p.n} statement${p.n === 1 ? "" : "s"}: ${p.n_critical} critical, ${p.n_supportive} supportive, ${p.n_neutral} neutral`;

  function summary() {
    const t = data.totals;
    const span = data.periods.length ? `${data.periods[0]} to ${data.periods[data.periods.length - 1]}` : "no dated statement";
    document.getElementById("summary").textContent =
      `${t.statements} statements in ${t.rows} rows, ${data.periods.length} ${data.by}s (${span}); ` +
      `${t.drawn} between two principals are drawn (the table also has ${t.undated} undated, ` +
      `${t.outside} dated far from the rest, ${t.within} within one principal, and those of places and things).`;
    for (const node of document.querySelectorAll(".by")) node.textContent = data.by;
  }

  // --- evidence ---------------------------------------------------------------------------------
  let selected = null;
  function show(point, node, heading) {
    if (selected) selected.classList.remove("selected");
    selected = node;
    node.classList.add("selected");
    const ev = data.evidence[point.evidence];
    document.getElementById("evidence-title").textContent = heading;
    document.getElementById("evidence-hint").textContent =
      `${counts(point)}; net ${fmt(point.net)} (95% ${fmt(point.net_low)} to ${fmt(point.net_high)}).`;
    const list = document.getElementById("evidence-list");
    list.replaceChildren();
    for (const item of ev.items) {
      const li = el("li", { class: "statement" });
      li.appendChild(el("span", { class: `label ${item.label}` }, item.label));
      li.appendChild(document.createTextNode(` (${item.act.replace(/_/g, " ")})`));
      if (item.text) li.appendChild(el("q", {}, item.text));
      else li.appendChild(el("div", { class: "meta" }, "a reported act, no quote"));
      const where = [item.date || "undated", item.article || "article without id", ...(item.quotes.length ? [item.quotes.join(", ")] : []), item.stance];
      li.appendChild(el("div", { class: "meta" }, where.join(" · ")));
      list.appendChild(li);
    }
    if (ev.more > 0) list.appendChild(el("li", { class: "meta" }, `… and ${ev.more} more in dyads.parquet`));
  }
  function clickable(node, point, heading) {
    node.setAttribute("tabindex", "0");
    node.setAttribute("role", "button");
    node.setAttribute("aria-label", `${heading}: ${counts(point)}`);
    node.addEventListener("click", () => show(point, node, heading));
    node.addEventListener("keydown", (e) => {
      if (e.key === "Enter" || e.key === " ") {
        e.preventDefault();
        show(point, node, heading);
      }
    });
  }

  // --- lines ------------------------------------------------------------------------------------
  function lines() {
    const box = document.getElementById("lines");
    if (!data.dyads.length) {
      box.appendChild(el("p", { class: "muted" }, "No dated stance between two principals."));
      return;
    }
    // a time axis: periods placed by their first day, so that a gap shows as one
    const day = new Map(data.periods.map((p, i) => [p, Date.parse(data.starts[i])]));
    const first = day.get(data.periods[0]), span = Math.max(day.get(data.periods[data.periods.length - 1]) - first, 1);
    const W = 330, H = 150, L = 30, R = 8, T = 8, B = 22;
    const x = (p) => L + ((W - L - R) * (day.get(p) - first)) / span;
    const y = (v) => T + ((H - T - B) * (1 - v)) / 2;
    const most = Math.max(...data.dyads.flatMap((d) => d.points.map((p) => p.n)));
    for (const dyad of data.dyads) {
      const panel = el("div", { class: "panel dyad", "data-source": dyad.source, "data-target": dyad.target });
      panel.appendChild(el("h3", {}, `${name(dyad.source)} → ${name(dyad.target)}`));
      panel.appendChild(el("div", { class: "sub" }, `${dyad.n} statements in ${dyad.points.length} ${data.by}${dyad.points.length === 1 ? "" : "s"}`));
      const root = svg("svg", { viewBox: `0 0 ${W} ${H}`, width: W, height: H, class: "line-chart", role: "img", "aria-label": `Net stance of ${name(dyad.source)} toward ${name(dyad.target)} per ${data.by}` });
      for (const v of [-1, 0, 1]) {
        root.appendChild(svg("line", { class: v === 0 ? "zero" : "axis", x1: L, x2: W - R, y1: y(v), y2: y(v) }));
        root.appendChild(svg("text", { x: L - 4, y: y(v) + 4, "text-anchor": "end" }, v === 0 ? "0" : fmt(v)));
      }
      for (const p of [data.periods[0], data.periods[data.periods.length - 1]]) {
        root.appendChild(svg("text", { x: x(p), y: H - 6, "text-anchor": p === data.periods[0] ? "start" : "end" }, p));
      }
      const pts = dyad.points;
      if (pts.length > 1) {
        const upper = pts.map((p) => `${x(p.period)},${y(p.net_high)}`);
        const lower = pts.slice().reverse().map((p) => `${x(p.period)},${y(p.net_low)}`);
        root.appendChild(svg("polygon", { class: "band", points: upper.concat(lower).join(" ") }));
        root.appendChild(svg("polyline", { class: "line", points: pts.map((p) => `${x(p.period)},${y(p.net)}`).join(" ") }));
      } else if (pts.length === 1) {
        const p = pts[0];
        root.appendChild(svg("line", { class: "band-bar", x1: x(p.period), x2: x(p.period), y1: y(p.net_low), y2: y(p.net_high), stroke: "#9aa4b1", "stroke-width": 4 }));
      }
      for (const p of pts) {
        const heading = `${name(dyad.source)} → ${name(dyad.target)}, ${p.period}`;
        const dot = svg("circle", { class: `point ${tone(p.net)}`, cx: x(p.period), cy: y(p.net), r: 3 + 5 * Math.sqrt(p.n / most), fill: COLOR[tone(p.net)], "data-period": p.period });
        dot.appendChild(svg("title", {}, `${heading}: net ${fmt(p.net)}, ${counts(p)}`));
        clickable(dot, p, heading);
        root.appendChild(dot);
      }
      panel.appendChild(root);
      box.appendChild(panel);
    }
  }

  // --- graph ------------------------------------------------------------------------------------
  function graph(period) {
    const box = document.getElementById("graph");
    box.replaceChildren();
    // the strongest edges, as long as their principals fit round the ellipse
    const edges = [];
    const ids = [];
    for (const e of data.graphs[period] || []) {
      const fresh = [e.source, e.target].filter((k) => !ids.includes(k));
      if (ids.length + fresh.length > MAX_NODES) continue;
      ids.push(...fresh);
      edges.push(e);
    }
    if (!edges.length) {
      box.appendChild(el("p", { class: "muted" }, "No stance between two principals in this period."));
      return;
    }
    const W = 760, H = ids.length <= 4 ? 380 : 520;
    const RX = W / 2 - 200, RY = H / 2 - 50;
    const pos = new Map(ids.map((k, i) => {
      const a = ids.length === 2 ? Math.PI * (i + 1) : -Math.PI / 2 + (2 * Math.PI * i) / ids.length;
      return [k, { x: W / 2 + RX * Math.cos(a), y: H / 2 + RY * Math.sin(a) }];
    }));
    const root = svg("svg", { viewBox: `0 0 ${W} ${H}`, width: "100%", class: "graph", role: "img", "aria-label": `Stances between ${ids.length} principals in ${period}` });
    const defs = svg("defs");
    for (const [label, color] of Object.entries(COLOR)) {
      const marker = svg("marker", { id: `arrow-${label}`, viewBox: "0 0 10 10", refX: 10, refY: 5, markerWidth: 11, markerHeight: 11, markerUnits: "userSpaceOnUse", orient: "auto-start-reverse" });
      marker.appendChild(svg("path", { d: "M0,0 L10,5 L0,10 z", fill: color }));
      defs.appendChild(marker);
    }
    root.appendChild(defs);
    const most = Math.max(...edges.map((e) => e.n));
    for (const e of edges) {
      const a = pos.get(e.source), b = pos.get(e.target);
      const dx = b.x - a.x, dy = b.y - a.y, len = Math.hypot(dx, dy) || 1;
      // stop short of the node's circle; bend, so that A→B and B→A are two curves
      const sx = a.x + (dx * 16) / len, sy = a.y + (dy * 16) / len;
      const tx = b.x - (dx * 18) / len, ty = b.y - (dy * 18) / len;
      const mx = (sx + tx) / 2 - (dy * 0.12), my = (sy + ty) / 2 + (dx * 0.12);
      const t = tone(e.net);
      const d = `M${sx},${sy} Q${mx},${my} ${tx},${ty}`;
      const group = svg("g", { class: `edge ${t}`, "data-source": e.source, "data-target": e.target });
      // a wide transparent stroke under the line: a thin curve is hard to hit
      group.appendChild(svg("path", { class: "hit", d, fill: "none", stroke: "transparent", "stroke-width": 14 }));
      group.appendChild(svg("path", { class: "line", d, fill: "none", stroke: COLOR[t], "stroke-width": 1.5 + 5 * Math.sqrt(e.n / most), "marker-end": `url(#arrow-${t})` }));
      const heading = `${name(e.source)} → ${name(e.target)}, ${period}`;
      group.appendChild(svg("title", {}, `${heading}: net ${fmt(e.net)}, ${counts(e)}`));
      clickable(group, e, heading);
      root.appendChild(group);
    }
    for (const k of ids) {
      const p = pos.get(k);
      const g = svg("g", { class: "node", "data-key": k });
      g.appendChild(svg("circle", { cx: p.x, cy: p.y, r: 14 }));
      const label = name(k);
      // outside the ellipse: above the top nodes, below the bottom ones, beside the others
      const ux = (p.x - W / 2) / RX, uy = (p.y - H / 2) / RY;
      const side = Math.abs(ux) > 0.35;
      const anchor = side ? (ux > 0 ? "start" : "end") : "middle";
      const lx = p.x + (side ? Math.sign(ux) * 20 : 0);
      const ly = side ? p.y + 4 : p.y + (uy < 0 ? -20 : 28);
      g.appendChild(svg("text", { x: lx, y: ly, "text-anchor": anchor }, label.length > 24 ? label.slice(0, 23) + "…" : label));
      root.appendChild(g);
    }
    box.appendChild(root);
  }

  function periods() {
    const select = document.getElementById("period");
    for (const p of data.periods) {
      const n = (data.graphs[p] || []).reduce((sum, e) => sum + e.n, 0);
      select.appendChild(el("option", { value: p }, `${p} (${n})`));
    }
    if (data.chosen_period) select.value = data.chosen_period;
    select.addEventListener("change", () => graph(select.value));
    graph(select.value);
  }

  summary();
  lines();
  periods();
})();
