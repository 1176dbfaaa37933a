// DOM helpers: the page's elements by role, and element builders that only ever insert text as
// text (textContent / text nodes), never as HTML.

const SVG_NS = "http://www.w3.org/2000/svg";

const $ = (id) => document.getElementById(id);
export const ui = {
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

export function h(tag, attrs, ...children) {
  const node = document.createElement(tag);
  setAttrs(node, attrs);
  append(node, children);
  return node;
}

export function s(tag, attrs, ...children) {
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

export function clear(node) {
  while (node.firstChild) node.removeChild(node.firstChild);
}

export const fmt = (x) => (typeof x === "number" ? x.toFixed(2) : "–");
