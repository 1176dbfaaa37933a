// The API client: the public API only (POST /v1/analyze, GET /samples), by relative URLs so the
// page also works behind a path prefix.

export const REQUEST_TIMEOUT_MS = 120000;

const api = (path) => new URL(path, document.baseURI).toString();

export function postAnalyze(text, signal) {
  return fetch(api("v1/analyze"), {
    method: "POST",
    headers: { "Content-Type": "application/json", Accept: "application/json, application/problem+json" },
    body: JSON.stringify({ text }),
    signal,
  });
}

export function getJSON(path) {
  return fetch(api(path), { headers: { Accept: "application/json" } });
}
