// The sample articles: the picker, and loading one into the editor.
import { clear, h, ui } from "./dom.js";
import { setState } from "./state.js";
import { getJSON } from "./api.js";
import { hideError, showError, showProblem } from "./errors.js";
import { showEditor } from "./view.js";

export async function loadSamples() {
  try {
    const res = await getJSON("samples");
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

export async function loadSample(name) {
  if (!name) return;
  hideError();
  ui.status.textContent = "Loading sample…";
  try {
    const res = await getJSON(`samples/${encodeURIComponent(name)}`);
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
