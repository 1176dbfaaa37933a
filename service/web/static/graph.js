// The stance graph between principals (countries, organisations), as plain SVG.
import { clear, h, s, ui } from "./dom.js";
import { actorName, LABELS, state } from "./state.js";

export function renderGraph(data) {
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
