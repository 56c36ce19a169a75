// The sign-in / sign-up screen: one form, two modes.

import { ApiError, signIn, signUp } from "./api.js";
import { $, setBusy } from "./ui.js";

const MODES = {
  signin: {
    title: "Welcome back",
    subtitle: "Sign in to see your tasks.",
    submit: "Sign in",
    busy: "Signing in…",
    passwordAutocomplete: "current-password",
  },
  signup: {
    title: "Create your account",
    subtitle: "It takes a few seconds. Your tasks stay private to you.",
    submit: "Create account",
    busy: "Creating account…",
    passwordAutocomplete: "new-password",
  },
};

// Which field an account error code is about; the text shown is always the API's `message`.
const CODE_FIELD = {
  INVALID_EMAIL: "email",
  USER_ALREADY_EXISTS_USE_ANOTHER_EMAIL: "email",
  USER_ALREADY_EXISTS: "email",
  PASSWORD_TOO_SHORT: "password",
  PASSWORD_TOO_LONG: "password",
};
// Used only when an error arrives without a message.
const CODE_FALLBACK = {
  INVALID_EMAIL: "That email address doesn't look right.",
  USER_ALREADY_EXISTS_USE_ANOTHER_EMAIL: "An account with this email already exists.",
  PASSWORD_TOO_SHORT: "The password is too short (at least 8 characters).",
  PASSWORD_TOO_LONG: "The password is too long (at most 128 characters).",
  INVALID_EMAIL_OR_PASSWORD: "Wrong email or password.",
};

let mode = "signin";
let onSignedIn = () => {};
let onForgot = () => {};
let onUnverified = () => {};
let busy = false;
let cooldownTimer = 0;
let cooldownUntil = 0;

const els = {};

/** signedIn(session, isNew); forgot(email): the "Forgot password?" link; unverified(email, "signup" | "signin"):
 * the address must be verified first (REQUIRE_EMAIL_VERIFICATION). */
export function initAuth(signedIn, forgot = () => {}, unverified = () => {}) {
  onSignedIn = signedIn;
  onForgot = forgot;
  onUnverified = unverified;
  for (const id of ["auth-screen", "auth-title", "auth-subtitle", "auth-notice", "auth-form", "name-field", "auth-name",
    "auth-email", "auth-password", "password-hint", "auth-error", "auth-submit", "signin-instead", "mode-signin", "mode-signup", "reveal-password", "forgot-open"]) {
    els[id] = document.getElementById(id);
  }
  els["mode-signin"].addEventListener("click", () => setMode("signin", true));
  els["mode-signup"].addEventListener("click", () => setMode("signup", true));
  els["signin-instead"].addEventListener("click", () => {
    setMode("signin", false);
    els["auth-password"].focus();
  });
  els["forgot-open"].addEventListener("click", () => onForgot(els["auth-email"].value.trim()));
  els["reveal-password"].addEventListener("click", () => {
    const show = els["auth-password"].type === "password";
    els["auth-password"].type = show ? "text" : "password";
    els["reveal-password"].setAttribute("aria-pressed", String(show));
    els["reveal-password"].textContent = show ? "Hide" : "Show";
  });
  for (const name of ["name", "email", "password"]) {
    els[`auth-${name}`].addEventListener("input", () => clearFieldError(name));
  }
  els["auth-form"].addEventListener("submit", (event) => {
    event.preventDefault();
    submit();
  });
  setMode("signin", false);
}

/** Shows the screen. notice: a message to show above the form (session ended, signed out); mode: "signin"
 * or "signup" (else the last one shown). */
export function showAuth({ notice = "", email = "", mode: wanted = null } = {}) {
  if (wanted) mode = wanted;
  els["auth-notice"].textContent = notice;
  els["auth-notice"].hidden = !notice;
  els["auth-error"].textContent = "";
  els["auth-password"].value = "";
  if (email && !els["auth-email"].value) els["auth-email"].value = email;
  clearFieldError("name");
  clearFieldError("email");
  clearFieldError("password");
  setMode(mode, false);
  els["auth-screen"].hidden = false;
  document.title = mode === "signin" ? "Sign in · Todo" : "Create account · Todo";
  const first = mode === "signup" && !els["auth-name"].value ? els["auth-name"]
    : !els["auth-email"].value ? els["auth-email"] : els["auth-password"];
  first.focus();
}

export function hideAuth() {
  els["auth-screen"].hidden = true;
}

function setMode(next, focus) {
  mode = next;
  const m = MODES[mode];
  els["auth-title"].textContent = m.title;
  els["auth-subtitle"].textContent = m.subtitle;
  els["mode-signin"].setAttribute("aria-pressed", String(mode === "signin"));
  els["mode-signup"].setAttribute("aria-pressed", String(mode === "signup"));
  els["name-field"].hidden = mode !== "signup";
  els["password-hint"].hidden = mode !== "signup";
  els["forgot-open"].hidden = mode !== "signin";
  els["auth-password"].setAttribute("autocomplete", m.passwordAutocomplete);
  if (!busy) els["auth-submit"].querySelector(".btn-label").textContent = cooldownLabel() || m.submit;
  els["auth-error"].textContent = "";
  clearFieldError("name");
  clearFieldError("email");
  clearFieldError("password");
  if (!els["auth-screen"].hidden) document.title = mode === "signin" ? "Sign in · Todo" : "Create account · Todo";
  if (focus) (mode === "signup" ? els["auth-name"] : els["auth-email"]).focus();
}

function setFieldError(name, message) {
  const input = els[`auth-${name}`];
  input.setAttribute("aria-invalid", "true");
  document.getElementById(`auth-${name}-error`).textContent = message;
}

function clearFieldError(name) {
  const input = els[`auth-${name}`];
  input.removeAttribute("aria-invalid");
  if (name === "email") els["signin-instead"].hidden = true;
  document.getElementById(`auth-${name}-error`).textContent = "";
}

function validate() {
  let first = null;
  const name = els["auth-name"].value.trim();
  const email = els["auth-email"].value.trim();
  const password = els["auth-password"].value;
  if (mode === "signup" && !name) {
    setFieldError("name", "Please enter your name.");
    first = first || els["auth-name"];
  }
  if (!email) {
    setFieldError("email", "Please enter your email address.");
    first = first || els["auth-email"];
  } else if (!/^[^\s@]+@[^\s@]+$/.test(email)) {
    setFieldError("email", "That email address doesn't look right.");
    first = first || els["auth-email"];
  }
  if (!password) {
    setFieldError("password", "Please enter your password.");
    first = first || els["auth-password"];
  } else if (mode === "signup" && password.length < 8) {
    setFieldError("password", "Use at least 8 characters.");
    first = first || els["auth-password"];
  }
  if (first) first.focus();
  return !first;
}

async function submit() {
  if (busy || Date.now() < cooldownUntil) return;
  els["auth-notice"].hidden = true;
  els["auth-error"].textContent = "";
  clearFieldError("name");
  clearFieldError("email");
  clearFieldError("password");
  if (!validate()) return;
  const m = MODES[mode];
  busy = true;
  setBusy(els["auth-submit"], true, m.busy);
  els["auth-form"].setAttribute("aria-busy", "true");
  try {
    const email = els["auth-email"].value.trim();
    const password = els["auth-password"].value;
    const session = mode === "signup"
      ? await signUp(els["auth-name"].value.trim(), email, password)
      : await signIn(email, password);
    els["auth-password"].value = "";
    busy = false;
    setBusy(els["auth-submit"], false);
    els["auth-form"].removeAttribute("aria-busy");
    if (session.verificationPending) onUnverified(email, "signup");
    else onSignedIn(session, mode === "signup");
  } catch (err) {
    busy = false;
    setBusy(els["auth-submit"], false);
    els["auth-form"].removeAttribute("aria-busy");
    showError(err);
  }
}

function showError(err) {
  if (!(err instanceof ApiError)) {
    els["auth-error"].textContent = "Something unexpected went wrong. Please try again.";
    return;
  }
  if (err.kind === "rate") {
    startCooldown(err.retryAfter || 60);
    els["auth-error"].textContent = "Too many attempts. For your security, please wait a minute before trying again.";
    return;
  }
  const code = err.code;
  if (code === "EMAIL_NOT_VERIFIED") {
    onUnverified(els["auth-email"].value.trim(), "signin");
    return;
  }
  const text = (err.body && typeof err.body.message === "string" && err.body.message) || CODE_FALLBACK[code] || err.message;
  const field = CODE_FIELD[code];
  if (field && err.kind === "client") {
    setFieldError(field, text);
    els[`auth-${field}`].focus();
    if (code && code.startsWith("USER_ALREADY_EXISTS") && mode === "signup") els["signin-instead"].hidden = false;
    return;
  }
  els["auth-error"].textContent = text;
  if (code === "INVALID_EMAIL_OR_PASSWORD") {
    els["auth-password"].select();
    els["auth-password"].focus();
  }
}

function cooldownLabel() {
  const left = Math.ceil((cooldownUntil - Date.now()) / 1000);
  return left > 0 ? `Try again in ${left} s` : "";
}

function startCooldown(seconds) {
  cooldownUntil = Date.now() + seconds * 1000;
  const button = els["auth-submit"];
  button.disabled = true;
  const tick = () => {
    const label = cooldownLabel();
    if (label) {
      button.querySelector(".btn-label").textContent = label;
      cooldownTimer = setTimeout(tick, 1000);
    } else {
      button.disabled = false;
      button.querySelector(".btn-label").textContent = MODES[mode].submit;
      els["auth-error"].textContent = "";
    }
  };
  clearTimeout(cooldownTimer);
  tick();
}
