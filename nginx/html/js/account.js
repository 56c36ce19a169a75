// The account screen: change the name, change the password, see and end sessions, delete the account.

import { ApiError } from "./api.js";
import {
  changePassword, deleteAccount, listSessions, revokeAllSessions, revokeSession, updateName,
} from "./account-api.js";
import { describeDevice } from "./devices.js";
import { $, announce, formatAbsolute, formatRelative, setBusy } from "./ui.js";

// What an error code means here, in plain words; the API's own message otherwise.
const MESSAGES = {
  INVALID_PASSWORD: "The current password is wrong.",
  PASSWORD_TOO_SHORT: "The new password is too short: use at least 8 characters.",
  PASSWORD_TOO_LONG: "The new password is too long: use at most 128 characters.",
  EMAIL_CAN_NOT_BE_UPDATED: "The email address can't be changed here.",
  USER_NOT_FOUND: "This account no longer exists.",
};

let hooks = { back: () => {}, ended: () => {}, deleted: () => {}, nameChanged: () => {} };
let user = null;
const els = {};

export function initAccount(callbacks) {
  hooks = { ...hooks, ...callbacks };
  for (const id of ["account-screen", "account-main", "account-title", "account-notice", "account-email",
    "account-back", "name-form", "account-name", "account-name-error", "name-error", "name-submit", "name-status",
    "password-form", "password-username", "current-password", "current-password-error", "new-password",
    "new-password-error", "revoke-others", "password-error", "password-submit", "password-status",
    "sessions-title", "sessions-error", "session-list", "sessions-status", "revoke-all", "delete-form",
    "delete-password", "delete-password-error", "delete-error", "delete-submit"]) {
    els[id] = document.getElementById(id);
  }
  els.sessionTemplate = $("#session-template");
  els["account-back"].addEventListener("click", () => hooks.back());
  els["account-screen"].addEventListener("keydown", (e) => {
    // Not while a field holds something typed: Escape there must not throw it away.
    const typing = (e.target.matches("input[type=text], input[type=password]") && e.target.value);
    if (e.key === "Escape" && !e.defaultPrevented && !typing) hooks.back();
  });
  onSubmit(els["name-form"], saveName);
  onSubmit(els["password-form"], savePassword);
  onSubmit(els["delete-form"], removeAccount);
  els["revoke-all"].addEventListener("click", signOutEverywhere);
  for (const id of ["account-name", "current-password", "new-password", "delete-password"]) {
    els[id].addEventListener("input", () => fieldError(id, ""));
  }
}

function onSubmit(form, fn) {
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    fn();
  });
}

/** Shows the screen for the signed-in `current` user. */
export function showAccount(current) {
  user = current;
  els["account-email"].textContent = user.email || "";
  els["password-username"].value = user.email || "";
  els["account-name"].value = user.name || "";
  for (const id of ["name-error", "password-error", "delete-error", "sessions-error", "name-status",
    "password-status", "sessions-status"]) {
    els[id].textContent = "";
  }
  for (const id of ["account-name", "current-password", "new-password", "delete-password"]) fieldError(id, "");
  els["current-password"].value = "";
  els["new-password"].value = "";
  els["delete-password"].value = "";
  els["revoke-others"].checked = true;
  els["account-notice"].hidden = true;
  els["account-screen"].hidden = false;
  document.title = "Your account · Todo";
  els["account-title"].focus();
  loadSessions();
}

export function hideAccount() {
  els["account-screen"].hidden = true;
}

// ----------------------------------------------------------------------------------------- helpers

function fieldError(id, message) {
  const input = els[id];
  if (message) input.setAttribute("aria-invalid", "true");
  else input.removeAttribute("aria-invalid");
  els[`${id}-error`].textContent = message;
}

function textOf(err) {
  if (!(err instanceof ApiError)) return "Something unexpected went wrong. Please try again.";
  return (err.kind === "client" && MESSAGES[err.code]) || err.message;
}

/** Runs `fn` with `button` busy; an error goes to `alert` (unless the session is over: the app has moved on). */
async function busyWhile(button, label, alert, fn) {
  if (button.disabled) return;
  alert.textContent = "";
  setBusy(button, true, label);
  try {
    await fn();
  } catch (err) {
    if (!(err instanceof ApiError) || err.kind !== "expired") alert.textContent = textOf(err);
    return err;
  } finally {
    setBusy(button, false);
  }
  return null;
}

function passwordProblem(password) {
  if (!password) return "Please enter a new password.";
  if (password.length < 8) return "Use at least 8 characters.";
  if (password.length > 128) return "Use at most 128 characters.";
  return "";
}

// ----------------------------------------------------------------------------------------- name

async function saveName() {
  const name = els["account-name"].value.trim();
  els["name-status"].textContent = "";
  if (!name) {
    fieldError("account-name", "Please enter your name.");
    els["account-name"].focus();
    return;
  }
  await busyWhile(els["name-submit"], "Saving…", els["name-error"], async () => {
    user = await updateName(name);
    els["account-name"].value = user.name;
    els["name-status"].textContent = "Name saved.";
    hooks.nameChanged(user);
  });
}

// ----------------------------------------------------------------------------------------- password

async function savePassword() {
  const current = els["current-password"].value;
  const next = els["new-password"].value;
  els["password-status"].textContent = "";
  const currentProblem = current ? "" : "Please enter your current password.";
  const nextProblem = passwordProblem(next);
  fieldError("current-password", currentProblem);
  fieldError("new-password", nextProblem);
  if (currentProblem || nextProblem) {
    els[currentProblem ? "current-password" : "new-password"].focus();
    return;
  }
  const revokeOthers = els["revoke-others"].checked;
  const err = await busyWhile(els["password-submit"], "Changing…", els["password-error"], async () => {
    await changePassword(current, next, revokeOthers);
    els["current-password"].value = "";
    els["new-password"].value = "";
    els["password-status"].textContent = revokeOthers
      ? "Password changed. Your other devices have been signed out."
      : "Password changed.";
  });
  if (err instanceof ApiError && err.code === "INVALID_PASSWORD") {
    fieldError("current-password", MESSAGES.INVALID_PASSWORD);
    els["password-error"].textContent = "";
    els["current-password"].select();
    els["current-password"].focus();
  } else if (err instanceof ApiError && (err.code === "PASSWORD_TOO_SHORT" || err.code === "PASSWORD_TOO_LONG")) {
    fieldError("new-password", MESSAGES[err.code]);
    els["password-error"].textContent = "";
    els["new-password"].focus();
  }
  if (!err && revokeOthers) loadSessions();
}

// ----------------------------------------------------------------------------------------- sessions

async function loadSessions() {
  const list = els["session-list"];
  list.setAttribute("aria-busy", "true");
  els["sessions-error"].textContent = "";
  try {
    const sessions = await listSessions();
    list.replaceChildren(...sessions.map(sessionRow));
    els["revoke-all"].disabled = false;
  } catch (err) {
    if (!(err instanceof ApiError) || err.kind !== "expired") els["sessions-error"].textContent = textOf(err);
  } finally {
    list.setAttribute("aria-busy", "false");
  }
}

function sessionRow(session) {
  const li = els.sessionTemplate.content.firstElementChild.cloneNode(true);
  const device = describeDevice(session.userAgent);
  li.dataset.token = String(session.token || session.id || "");
  li.querySelector(".session-name").textContent = device;
  if (session.userAgent) li.querySelector(".session-name").title = String(session.userAgent);
  setTime(li.querySelector(".session-created"), session.createdAt, formatAbsolute);
  setTime(li.querySelector(".session-used"), session.updatedAt, formatRelative);
  const button = li.querySelector(".session-revoke");
  if (session.current === true) {
    li.classList.add("is-current");
    li.querySelector(".session-current").hidden = false;
    button.remove();
  } else {
    button.setAttribute("aria-label", `Sign out ${device}, last used ${formatRelative(session.updatedAt)}`);
    button.addEventListener("click", () => signOutSession(li, button, device));
  }
  return li;
}

function setTime(el, iso, format) {
  el.textContent = format(iso) || "unknown";
  if (iso) {
    el.dateTime = String(iso);
    el.title = formatAbsolute(iso);
  }
}

async function signOutSession(li, button, device) {
  const err = await busyWhile(button, "Signing out…", els["sessions-error"], () => revokeSession(li.dataset.token));
  if (err) return;
  const next = li.nextElementSibling || li.previousElementSibling;
  li.remove();
  els["sessions-status"].textContent = `${device} has been signed out.`;
  announce(`${device} has been signed out.`);
  const target = next && next.querySelector(".session-revoke");
  (target || els["sessions-title"]).focus();
}

async function signOutEverywhere() {
  const err = await busyWhile(els["revoke-all"], "Signing out…", els["sessions-error"], revokeAllSessions);
  if (!err) hooks.ended("You've been signed out on all your devices.");
}

// ----------------------------------------------------------------------------------------- delete

async function removeAccount() {
  const password = els["delete-password"].value;
  if (!password) {
    fieldError("delete-password", "Please enter your password to confirm.");
    els["delete-password"].focus();
    return;
  }
  const err = await busyWhile(els["delete-submit"], "Deleting…", els["delete-error"], () => deleteAccount(password));
  if (!err) {
    els["delete-password"].value = "";
    hooks.deleted("Your account and all your tasks have been deleted.");
  } else if (err instanceof ApiError && err.code === "INVALID_PASSWORD") {
    els["delete-error"].textContent = "";
    fieldError("delete-password", "The password is wrong.");
    els["delete-password"].select();
    els["delete-password"].focus();
  }
}
