// Email verification (REQUIRE_EMAIL_VERIFICATION=1): the "check your inbox" screen after sign-up (or a sign-in
// refused as EMAIL_NOT_VERIFIED), with "Send again", and the page the mailed link opens (/verify-email?token=…),
// which verifies the address and so signs in (the API starts a session the first time a link is used).

import { ApiError } from "./api.js";
import { sendVerificationEmail, verifyEmail } from "./account-api.js";
import { setBusy } from "./ui.js";

let hooks = { back: () => {}, signedIn: () => {} };
let session = null;
const els = {};

export function initVerify(callbacks) {
  hooks = { ...hooks, ...callbacks };
  for (const id of ["verify-screen", "verify-title", "verify-checking", "verify-done", "verify-done-text",
    "verify-continue", "verify-resend-form", "verify-text", "verify-email-field", "verify-email", "verify-email-error",
    "verify-sent", "verify-error", "verify-resend", "verify-back"]) {
    els[id] = document.getElementById(id);
  }
  els["verify-resend-form"].addEventListener("submit", (e) => {
    e.preventDefault();
    resend();
  });
  els["verify-email"].addEventListener("input", () => fieldError(""));
  els["verify-continue"].addEventListener("click", () => {
    if (session) hooks.signedIn(session);
  });
  els["verify-back"].addEventListener("click", () => hooks.back(els["verify-email"].value.trim()));
}

/** After sign-up ("signup") or a sign-in refused because the address is not verified ("signin"). */
export function showInbox(email, reason = "signup") {
  show(reason === "signup" ? "Check your inbox" : "Verify your email", "verify-resend-form");
  els["verify-text"].textContent = reason === "signup"
    ? `We sent a link to ${email}. Open it to verify your email address and sign in.`
    : `Your email address isn't verified yet. Open the link we sent to ${email}, or send a new one.`;
  els["verify-email"].value = email;
  els["verify-email-field"].hidden = true;
  els["verify-resend"].focus();
}

/** The page the mail's link opens: `params` are its query (token, or error after Better Auth's redirect). */
export async function showVerifyPage(params) {
  const token = params.get("token") || "";
  if (params.get("error") || !token) {
    showInvalid(params.get("error") || "INVALID_TOKEN");
    return;
  }
  show("Verifying your email", "verify-checking");
  try {
    const result = await verifyEmail(token);
    if (result.session) {
      session = result.session;
      show("Email verified", "verify-done");
      els["verify-done-text"].textContent = "Your email is verified and you're signed in.";
      els["verify-continue"].focus();
    } else {
      show("Email already verified", null);
      els["verify-back"].textContent = "Sign in";
      els["verify-back"].focus();
    }
  } catch (err) {
    if (err instanceof ApiError && err.kind === "client") showInvalid(err.code || "INVALID_TOKEN");
    else {
      showInvalid(null);
      els["verify-error"].textContent = err instanceof ApiError ? err.message : "Something unexpected went wrong.";
    }
  }
}

export function hideVerify() {
  els["verify-screen"].hidden = true;
}

function show(title, panel) {
  els["verify-title"].textContent = title;
  for (const id of ["verify-checking", "verify-done", "verify-resend-form"]) els[id].hidden = id !== panel;
  els["verify-sent"].hidden = true;
  els["verify-error"].textContent = "";
  els["verify-back"].textContent = "Back to sign in";
  els["verify-screen"].hidden = false;
  document.title = `${title} · Todo`;
}

function showInvalid(code) {
  show("This link can't be used", "verify-resend-form");
  els["verify-text"].textContent = code === "TOKEN_EXPIRED"
    ? "This link has expired. Enter your email address and we'll send you a new one."
    : "This link is not valid. Enter your email address and we'll send you a new one.";
  els["verify-email-field"].hidden = false;
  els["verify-email"].focus();
}

function fieldError(message) {
  if (message) els["verify-email"].setAttribute("aria-invalid", "true");
  else els["verify-email"].removeAttribute("aria-invalid");
  els["verify-email-error"].textContent = message;
}

async function resend() {
  const email = els["verify-email"].value.trim();
  els["verify-error"].textContent = "";
  els["verify-sent"].hidden = true;
  if (!/^[^\s@]+@[^\s@]+$/.test(email)) {
    els["verify-email-field"].hidden = false;
    fieldError(email ? "That email address doesn't look right." : "Please enter your email address.");
    els["verify-email"].focus();
    return;
  }
  const button = els["verify-resend"];
  if (button.disabled) return;
  setBusy(button, true, "Sending…");
  try {
    await sendVerificationEmail(email);
    els["verify-sent"].textContent = `A new link is on its way to ${email}, if it has an account that isn't verified `
      + "yet. The link works for one hour.";
    els["verify-sent"].hidden = false;
  } catch (err) {
    els["verify-error"].textContent = err instanceof ApiError && err.kind === "rate"
      ? "You've asked for several links in a short time. Please wait a minute before asking again."
      : err instanceof ApiError ? err.message : "Something unexpected went wrong. Please try again.";
  } finally {
    setBusy(button, false);
  }
}
