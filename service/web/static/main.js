// The article page: one client of the public API (POST /v1/analyze), no build step, no framework.
// This module wires the others together: analyse, render, and the page's events.
import { ui } from "./dom.js";
import { indexData, setState, state } from "./state.js";
import { postAnalyze, REQUEST_TIMEOUT_MS } from "./api.js";
import { hideError, showError, showProblem } from "./errors.js";
import { setBusy, showArticle, showEditor } from "./view.js";
import { loadSample, loadSamples } from "./samples.js";
import { hoverQuote, quoteOf, renderArticle, selectActor, selectQuote } from "./article.js";
import { renderDetails } from "./details.js";
import { renderGraph } from "./graph.js";
import { renderActors, renderQuotes, renderRelations, renderSummary } from "./tables.js";

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
    res = await postAnalyze(text, controller.signal);
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
