// Small DOM helpers shared by the screens. Text from the API only ever goes in through textContent or an
// attribute value, never through innerHTML.

export const $ = (selector, root = document) => root.querySelector(selector);

export function debounce(fn, ms) {
  let timer = 0;
  const wrapped = (...args) => {
    clearTimeout(timer);
    timer = setTimeout(() => fn(...args), ms);
  };
  wrapped.cancel = () => clearTimeout(timer);
  return wrapped;
}

/** Says `message` to screen readers (polite live region). */
export function announce(message) {
  const region = $("#announcer");
  if (!region) return;
  region.textContent = "";
  // A new text node in a later task, so that the same message twice is announced twice.
  setTimeout(() => {
    region.textContent = message;
  }, 50);
}

// ----------------------------------------------------------------------------------------- toast
// One non-blocking message at a time (network down, server error); it never takes focus.

let toastTimer = 0;
let toastAction = null;

/** tone: "error" (default) or "info". */
export function showToast(message, { action = null, actionLabel = "Try again", timeout = 8000, tone = "error" } = {}) {
  const toast = $("#toast");
  toast.classList.toggle("toast-info", tone === "info");
  $("#toast-text").textContent = message;
  const btn = $("#toast-action");
  toastAction = action;
  btn.hidden = !action;
  btn.textContent = actionLabel;
  toast.hidden = false;
  clearTimeout(toastTimer);
  if (timeout) toastTimer = setTimeout(hideToast, timeout);
}

export function hideToast() {
  clearTimeout(toastTimer);
  const toast = $("#toast");
  if (toast) toast.hidden = true;
  toastAction = null;
}

export function initToast() {
  $("#toast-close").addEventListener("click", hideToast);
  $("#toast-action").addEventListener("click", () => {
    const fn = toastAction;
    hideToast();
    if (fn) fn();
  });
}

// ----------------------------------------------------------------------------------------- busy buttons

export function setBusy(button, busy, busyLabel) {
  const label = button.querySelector(".btn-label");
  if (busy) {
    if (!button.dataset.idleLabel) button.dataset.idleLabel = label.textContent;
    label.textContent = busyLabel;
    button.disabled = true;
    button.setAttribute("aria-busy", "true");
    button.classList.add("is-busy");
  } else {
    if (button.dataset.idleLabel) label.textContent = button.dataset.idleLabel;
    delete button.dataset.idleLabel;
    button.disabled = false;
    button.removeAttribute("aria-busy");
    button.classList.remove("is-busy");
  }
}

// ----------------------------------------------------------------------------------------- dates

const relative = new Intl.RelativeTimeFormat(undefined, { numeric: "auto" });
const absolute = new Intl.DateTimeFormat(undefined, { dateStyle: "medium", timeStyle: "short" });

export function formatAbsolute(iso) {
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? "" : absolute.format(d);
}

export function formatRelative(iso, now = Date.now()) {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return "";
  const seconds = Math.round((d.getTime() - now) / 1000);
  const abs = Math.abs(seconds);
  if (abs < 45) return "just now";
  if (abs < 3600) return relative.format(Math.round(seconds / 60), "minute");
  if (abs < 86400) return relative.format(Math.round(seconds / 3600), "hour");
  if (abs < 86400 * 7) return relative.format(Math.round(seconds / 86400), "day");
  return absolute.format(d);
}

export function initials(name, email) {
  const source = (name || "").trim() || (email || "").trim();
  const parts = source.split(/[\s@._-]+/).filter(Boolean);
  const letters = parts.length >= 2 ? parts[0][0] + parts[1][0] : (parts[0] || "?").slice(0, 2);
  return letters.toUpperCase();
}
