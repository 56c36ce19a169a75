// Entry point: decides which screen to show and switches between them.

import { onSessionExpired } from "./api.js";
import { hideAuth, initAuth, showAuth } from "./auth.js";
import { loadSession, SESSION_STORAGE_KEY } from "./session.js";
import { startTasks, stopTasks, initTasks } from "./tasks.js";
import { $, initToast } from "./ui.js";

let currentUserId = null;
let lastEmail = "";

function toTasks(session, welcome = false) {
  currentUserId = session.user.id;
  lastEmail = session.user.email || lastEmail;
  hideAuth();
  $("#boot").hidden = true;
  $(".skip-link").setAttribute("href", "#main");
  startTasks(session.user, { welcome });
}

function toAuth(notice = "") {
  currentUserId = null;
  stopTasks();
  $("#boot").hidden = true;
  $(".skip-link").setAttribute("href", "#auth-form");
  showAuth({ notice, email: lastEmail });
}

function boot() {
  initToast();
  initAuth((session, isNew) => toTasks(session, isNew));
  initTasks({ signedOut: (notice) => toAuth(notice) });
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

  const session = loadSession();
  if (session) toTasks(session);
  else toAuth();
}

boot();
