// The page's modes: the editor or the highlighted article, and busy while an analysis runs.
import { ui } from "./dom.js";
import { setState, state } from "./state.js";

export function setBusy(busy) {
  state.busy = busy;
  ui.analyse.disabled = busy;
  ui.analyse.textContent = busy ? "Analysing…" : "Analyse";
  ui.status.textContent = busy ? "Reading the article…" : "";
  if (busy) setState("busy");
}

export function showEditor() {
  ui.input.hidden = false;
  ui.article.hidden = true;
  ui.edit.hidden = true;
  ui.input.focus();
}

export function showArticle() {
  ui.input.hidden = true;
  ui.article.hidden = false;
  ui.edit.hidden = false;
}
