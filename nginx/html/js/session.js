// Where the tokens live: localStorage, under one key.
//
// Why localStorage and not a cookie: the API accepts a token only from the Authorization header (never
// from a cookie or the query string), so nothing is sent automatically by the browser and there is no
// CSRF surface at all. The trade-off is that any script running on this origin could read the tokens
// (XSS exposure). That is mitigated by the strict Content-Security-Policy nginx sends with the page
// (scripts from this origin only: no inline script, no eval, no third-party code) and by inserting every
// piece of API data with textContent, never innerHTML. The access token lives 15 minutes; the refresh
// token is rotated on every use and revoked on sign-out. See ../TOKENS.md.

const SESSION_KEY = "todo.session";
const PENDING_KEY = "todo.pendingDeletes";
const PREFS_KEY = "todo.prefs";

function readJSON(key, fallback) {
  try {
    const raw = localStorage.getItem(key);
    return raw ? JSON.parse(raw) : fallback;
  } catch {
    return fallback;
  }
}

function writeJSON(key, value) {
  try {
    if (value === null || value === undefined) localStorage.removeItem(key);
    else localStorage.setItem(key, JSON.stringify(value));
  } catch {
    // Storage full or disabled (private mode): the app still works for this page's lifetime.
  }
}

/** {token, refresh_token, user} or null. */
export function loadSession() {
  const s = readJSON(SESSION_KEY, null);
  if (!s || typeof s.token !== "string" || typeof s.refresh_token !== "string") return null;
  if (!s.user || typeof s.user.id !== "string" || !s.user.id) return null;
  return s;
}

export function saveSession(session) {
  writeJSON(SESSION_KEY, {
    token: session.token,
    refresh_token: session.refresh_token,
    user: session.user,
  });
}

export function clearSession() {
  writeJSON(SESSION_KEY, null);
}

export const SESSION_STORAGE_KEY = SESSION_KEY;

// Deletes waiting for their undo window to close, kept in storage so that a delete the user asked for
// still happens if the page is closed or reloaded before the window closes.
// Entries: {userId, id, title, due} (due: epoch ms after which the DELETE must be sent).
export function loadPendingDeletes() {
  const list = readJSON(PENDING_KEY, []);
  return Array.isArray(list) ? list.filter((e) => e && typeof e.userId === "string" && Number.isInteger(e.id)) : [];
}

export function savePendingDeletes(list) {
  writeJSON(PENDING_KEY, list.length ? list : null);
}

export function loadPrefs() {
  const p = readJSON(PREFS_KEY, {});
  return p && typeof p === "object" ? p : {};
}

export function savePrefs(prefs) {
  writeJSON(PREFS_KEY, prefs);
}
