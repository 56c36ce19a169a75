// Entry point: decides which screen to show and switches between them.

import { onSessionExpired } from "./api.js";
import { hideAccount, initAccount, showAccount } from "./account.js";
import { hideAuth, initAuth, showAuth } from "./auth.js";
import { hideReset, initReset, showForgot, showResetPage } from "./reset.js";
import { clearSession, loadSession, SESSION_STORAGE_KEY } from "./session.js";
import { hideVerify, initVerify, showInbox, showVerifyPage } from "./verify.js";
import { startTasks, stopTasks, initTasks } from "./tasks.js";
import { $, initToast } from "./ui.js";

const RESET_PATH = "/reset-password";
const VERIFY_PATH = "/verify-email";

let currentUserId = null;
let lastEmail = "";

function hideAll() {
  $("#boot").hidden = true;
  hideAuth();
  hideAccount();
  hideReset();
  hideVerify();
}

function toTasks(session, welcome = false) {
  currentUserId = session.user.id;
  lastEmail = session.user.email || lastEmail;
  hideAll();
  $(".skip-link").setAttribute("href", "#main");
  startTasks(session.user, { welcome });
}

function toAccount() {
  const session = loadSession();
  if (!session) return toAuth("Your session has ended. Please sign in again.");
  stopTasks();
  hideAll();
  $(".skip-link").setAttribute("href", "#account-main");
  showAccount(session.user);
}

function backToTasks() {
  const session = loadSession();
  if (session) toTasks(session);
  else toAuth();
  $("#account-open").focus();
}

/** Leaves the reset or verification page's address, so that a reload shows the app, not the (spent) link
 * again. */
function leaveResetPath() {
  if (location.pathname === RESET_PATH || location.pathname === VERIFY_PATH) history.replaceState(null, "", "/");
}

function toAuth(notice = "", mode = null) {
  currentUserId = null;
  stopTasks();
  hideAll();
  leaveResetPath();
  $(".skip-link").setAttribute("href", "#auth-form");
  showAuth({ notice, email: lastEmail, mode });
}

function toInbox(email, reason) {
  lastEmail = email || lastEmail;
  hideAll();
  $(".skip-link").setAttribute("href", "#verify-screen");
  showInbox(email, reason);
}

function toForgot(email) {
  hideAll();
  $(".skip-link").setAttribute("href", "#reset-screen");
  showForgot(email);
}

function boot() {
  initToast();
  initAuth((session, isNew) => toTasks(session, isNew), (email) => toForgot(email), toInbox);
  initVerify({
    back: (email) => {
      lastEmail = email || lastEmail;
      leaveResetPath();
      toAuth("", "signin");
    },
    signedIn: (session) => {
      leaveResetPath();
      toTasks(session, true);
    },
  });
  initTasks({ signedOut: (notice) => toAuth(notice) });
  initAccount({
    back: backToTasks,
    ended: (notice) => toAuth(notice, "signin"),
    deleted: (notice) => {
      lastEmail = "";
      toAuth(notice, "signup");
    },
  });
  initReset({
    back: () => {
      const session = loadSession();
      leaveResetPath();
      if (session) toTasks(session);
      else toAuth();
    },
    // Every session of the account has ended on the server, this browser's too (if it was that account).
    done: (notice) => {
      clearSession();
      toAuth(notice, "signin");
    },
  });
  $("#account-open").addEventListener("click", toAccount);
  onSessionExpired((message) => {
    if (currentUserId !== null) toAuth(message);
  });

  // Another tab signed in, out, or as someone else.
  window.addEventListener("storage", (e) => {
    if (e.key !== SESSION_STORAGE_KEY && e.key !== null) return;
    const session = loadSession();
    if (!session && currentUserId !== null) toAuth("You signed out in another tab.");
    else if (session && session.user.id !== currentUserId) toTasks(session);
  });

  const offline = $("#offline");
  const updateOnline = () => {
    offline.hidden = navigator.onLine;
  };
  window.addEventListener("online", updateOnline);
  window.addEventListener("offline", updateOnline);
  updateOnline();

  if (location.pathname === RESET_PATH) {
    // The link from the reset mail: whoever is signed in here, the link is about the mail's account.
    hideAll();
    $(".skip-link").setAttribute("href", "#reset-screen");
    showResetPage(new URLSearchParams(location.search));
    return;
  }
  if (location.pathname === VERIFY_PATH) {
    // The link from the verification mail: it signs in the mail's account.
    hideAll();
    $(".skip-link").setAttribute("href", "#verify-screen");
    showVerifyPage(new URLSearchParams(location.search));
    return;
  }
  const session = loadSession();
  if (session) toTasks(session);
  else toAuth();
}

boot();
