// Problems shown in words: problem+json answers, network failures and unreadable answers.
import { clear, h, ui } from "./dom.js";
import { setState } from "./state.js";

export function hideError() {
  ui.error.hidden = true;
  clear(ui.errorList);
}

export function showError(title, detail, { errors = null, meta = "" } = {}) {
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

export function showProblem(res, body) {
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
