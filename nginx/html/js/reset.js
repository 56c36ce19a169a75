// Forgot password (ask for a link by email) and the page the link opens (/reset-password?token=…): choose a
// new password, or, when the link is no good (?error=INVALID_TOKEN, or the API says so), ask for a new one.

import { ApiError } from "./api.js";
import { requestPasswordReset, resetPassword } from "./account-api.js";
import { setBusy } from "./ui.js";

const EXPIRED = "This link has expired or was already used. You can ask for a new one.";

let hooks = { back: () => {}, done: () => {} };
let token = "";
const els = {};

export function initReset(callbacks) {
  hooks = { ...hooks, ...callbacks };
  for (const id of ["reset-screen", "reset-title", "forgot-form", "forgot-email", "forgot-email-error",
    "forgot-error", "forgot-submit", "forgot-done", "reset-form", "reset-password", "reset-password-error",
    "reset-confirm", "reset-confirm-error", "reset-error", "reset-submit", "reset-invalid", "reset-invalid-text",
    "reset-request-new", "reset-back"]) {
    els[id] = document.getElementById(id);
  }
  els["forgot-form"].addEventListener("submit", (e) => {
    e.preventDefault();
    askForLink();
  });
  els["reset-form"].addEventListener("submit", (e) => {
    e.preventDefault();
    chooseNew();
  });
  els["reset-request-new"].addEventListener("click", () => showForgot());
  els["reset-back"].addEventListener("click", () => hooks.back());
  for (const id of ["forgot-email", "reset-password", "reset-confirm"]) {
    els[id].addEventListener("input", () => fieldError(id, ""));
  }
}

/** The page the mail's link opens: `params` are its query (token, or error). */
export function showResetPage(params) {
  token = params.get("token") || "";
  if (params.get("error") || !token) {
    showInvalid(params.get("error") === "INVALID_TOKEN" || !token ? EXPIRED : `This link can't be used (${params.get("error")}).`);
    return;
  }
  show("Choose a new password", "reset-form");
  els["reset-password"].value = "";
  els["reset-confirm"].value = "";
  els["reset-error"].textContent = "";
  els["reset-password"].focus();
}

/** The email form; `email` pre-fills it (from the sign-in screen). */
export function showForgot(email = "") {
  show("Reset your password", "forgot-form");
  if (email) els["forgot-email"].value = email;
  els["forgot-error"].textContent = "";
  els["forgot-done"].hidden = true;
  els["forgot-email"].focus();
}

export function hideReset() {
  els["reset-screen"].hidden = true;
}

function show(title, panel) {
  els["reset-title"].textContent = title;
  for (const id of ["forgot-form", "reset-form", "reset-invalid"]) els[id].hidden = id !== panel;
  els["forgot-done"].hidden = true;
  els["reset-screen"].hidden = false;
  document.title = `${title} · Todo`;
}

function showInvalid(message) {
  show("Reset your password", "reset-invalid");
  els["reset-invalid-text"].textContent = message;
  els["reset-request-new"].focus();
}

function fieldError(id, message) {
  if (message) els[id].setAttribute("aria-invalid", "true");
  else els[id].removeAttribute("aria-invalid");
  els[`${id}-error`].textContent = message;
}

function textOf(err) {
  return err instanceof ApiError ? err.message : "Something unexpected went wrong. Please try again.";
}

async function askForLink() {
  const email = els["forgot-email"].value.trim();
  els["forgot-error"].textContent = "";
  els["forgot-done"].hidden = true;
  if (!/^[^\s@]+@[^\s@]+$/.test(email)) {
    fieldError("forgot-email", email ? "That email address doesn't look right." : "Please enter your email address.");
    els["forgot-email"].focus();
    return;
  }
  const button = els["forgot-submit"];
  if (button.disabled) return;
  setBusy(button, true, "Sending…");
  try {
    const message = await requestPasswordReset(email);
    els["forgot-done"].textContent = message;
    els["forgot-done"].hidden = false;
  } catch (err) {
    els["forgot-error"].textContent = textOf(err);
  } finally {
    setBusy(button, false);
  }
}

async function chooseNew() {
  const password = els["reset-password"].value;
  const confirm = els["reset-confirm"].value;
  els["reset-error"].textContent = "";
  let problem = "";
  if (!password) problem = "Please enter a new password.";
  else if (password.length < 8) problem = "Use at least 8 characters.";
  else if (password.length > 128) problem = "Use at most 128 characters.";
  fieldError("reset-password", problem);
  const mismatch = !problem && password !== confirm ? "The two passwords don't match." : "";
  fieldError("reset-confirm", mismatch);
  if (problem || mismatch) {
    els[problem ? "reset-password" : "reset-confirm"].focus();
    return;
  }
  const button = els["reset-submit"];
  if (button.disabled) return;
  setBusy(button, true, "Saving…");
  try {
    await resetPassword(token, password);
    setBusy(button, false);
    hooks.done("Your password has been changed. Sign in with your new password.");
  } catch (err) {
    setBusy(button, false);
    if (err instanceof ApiError && err.code === "INVALID_TOKEN") showInvalid(EXPIRED);
    else els["reset-error"].textContent = textOf(err);
  }
}
