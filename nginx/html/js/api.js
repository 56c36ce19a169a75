// The HTTP client: JSON in and out, `Authorization: Bearer` on every task call, one refresh-and-retry on a
// 401, and errors sorted into kinds the screens can explain (see /work/shared/API.md for the contract).

import { loadSession, saveSession, clearSession } from "./session.js";

/** kind: "network" (no answer), "server" (5xx), "rate" (429), "expired" (session over), "client" (other 4xx). */
export class ApiError extends Error {
  constructor(kind, status = 0, body = null, retryAfter = 0) {
    super(describe(kind, status, body));
    this.name = "ApiError";
    this.kind = kind;
    this.status = status;
    this.body = body;
    this.code = body && typeof body.code === "string" ? body.code : null;
    this.retryAfter = retryAfter;
  }

  /** The field a validation error is about ("title", "description", ...), if any. */
  get field() {
    const d = this.body && this.body.detail;
    if (Array.isArray(d) && d[0] && Array.isArray(d[0].loc)) return String(d[0].loc[d[0].loc.length - 1] ?? "");
    return null;
  }
}

const FIELD_NAMES = { title: "Title", description: "Description", completed: "Completed" };

function describe(kind, status, body) {
  switch (kind) {
    case "network":
      return "Can't reach the server. Check your connection and try again — nothing you typed was lost.";
    case "server":
      return `The server had a problem (${status}). Please try again in a moment.`;
    case "rate":
      return "Too many attempts. Please wait a minute, then try again.";
    case "expired":
      return "Your session has ended. Please sign in again.";
    default:
      break;
  }
  if (body && typeof body.message === "string" && body.message) return body.message;
  if (body && typeof body.detail === "string" && body.detail) return body.detail;
  if (body && Array.isArray(body.detail) && body.detail.length) {
    return body.detail
      .map((item) => {
        const loc = Array.isArray(item.loc) ? item.loc[item.loc.length - 1] : null;
        const name = FIELD_NAMES[loc] || null;
        return name ? `${name}: ${item.msg}` : String(item.msg || "Invalid value");
      })
      .join(" ");
  }
  if (status === 404) return "That task no longer exists. The list has been refreshed.";
  return `Something went wrong (${status}).`;
}

// ----------------------------------------------------------------------------------------- transport

async function send(method, path, { body, token, keepalive = false, signal } = {}) {
  const headers = { Accept: "application/json" };
  if (body !== undefined) headers["Content-Type"] = "application/json";
  if (token) headers.Authorization = `Bearer ${token}`;
  let res;
  try {
    res = await fetch(path, {
      method,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
      keepalive,
      signal,
      cache: "no-store",
      credentials: "omit", // no cookies are used, so none are sent
    });
  } catch (err) {
    if (err && err.name === "AbortError") throw err;
    throw new ApiError("network");
  }
  let data = null;
  if (res.status !== 204) {
    try {
      const text = await res.text();
      data = text ? JSON.parse(text) : null;
    } catch (err) {
      if (err && err.name === "AbortError") throw err;
      data = null;
    }
  }
  return { status: res.status, ok: res.ok, data, headers: res.headers };
}

function errorFrom(res) {
  if (res.status === 429) {
    const after = parseInt(res.headers.get("Retry-After") || "60", 10);
    return new ApiError("rate", 429, res.data, Number.isFinite(after) && after > 0 ? Math.min(after, 600) : 60);
  }
  if (res.status >= 500) return new ApiError("server", res.status, res.data);
  return new ApiError("client", res.status, res.data);
}

// ----------------------------------------------------------------------------------------- session end

const expiredListeners = new Set();

/** fn(message) is called when the session is over (refresh refused): the app goes back to sign-in. */
export function onSessionExpired(fn) {
  expiredListeners.add(fn);
}

/** Forgets the session; the caller decides whether to tell the listeners. */
function ended() {
  clearSession();
  return new ApiError("expired");
}

function notifyExpired(err) {
  for (const fn of expiredListeners) fn(err.message);
  return err;
}

// ----------------------------------------------------------------------------------------- refresh

let refreshing = null;

/** Web Locks keep two tabs from spending the same (single-use) refresh token at once. */
function withLock(fn) {
  if (navigator.locks && typeof navigator.locks.request === "function") {
    return navigator.locks.request("todo-refresh", fn);
  }
  return fn();
}

/** A fresh session after `staleToken` was refused; one refresh at a time, shared by concurrent callers. */
function refreshAfter(staleToken) {
  if (!refreshing) {
    refreshing = withLock(async () => {
      const current = loadSession();
      if (!current) throw ended();
      // Another request (or another tab) already refreshed: use its token.
      if (current.token !== staleToken) return current;
      const res = await send("POST", "/api/auth/refresh", { body: { refresh_token: current.refresh_token } });
      if (res.ok && res.data && typeof res.data.token === "string") {
        const next = {
          ...current,
          token: res.data.token,
          refresh_token: typeof res.data.refresh_token === "string" ? res.data.refresh_token : current.refresh_token,
        };
        saveSession(next);
        return next;
      }
      if (res.status === 400 || res.status === 401 || res.status === 403) throw ended();
      throw errorFrom(res); // network trouble or 5xx: keep the session, say so, let the user retry
    }).finally(() => {
      refreshing = null;
    });
  }
  return refreshing;
}

/** An authenticated call: Bearer, and on a 401 one refresh and one retry. Returns the parsed body. */
export async function authed(method, path, options = {}) {
  const session = loadSession();
  if (!session) throw notifyExpired(ended());
  let res = await send(method, path, { ...options, token: session.token });
  if (res.status === 401) {
    let fresh;
    try {
      fresh = await refreshAfter(session.token);
    } catch (err) {
      throw err instanceof ApiError && err.kind === "expired" ? notifyExpired(err) : err;
    }
    res = await send(method, path, { ...options, token: fresh.token });
    if (res.status === 401) throw notifyExpired(ended());
  }
  if (!res.ok) throw errorFrom(res);
  return res.data;
}

// ----------------------------------------------------------------------------------------- accounts

async function account(path, body) {
  const res = await send("POST", path, { body });
  if (!res.ok) throw errorFrom(res);
  const d = res.data || {};
  // Sign-up when the address must be verified first: no session until the mailed link is opened.
  if (d.token === null && d.user && d.user.id) return { verificationPending: true, user: d.user };
  if (typeof d.token !== "string" || typeof d.refresh_token !== "string" || !d.user || !d.user.id) {
    throw new ApiError("server", res.status, null);
  }
  const session = { token: d.token, refresh_token: d.refresh_token, user: d.user };
  saveSession(session);
  return session;
}

/** An unauthenticated POST (password reset): the parsed body, or an ApiError. */
export async function publicPost(path, body) {
  const res = await send("POST", path, { body });
  if (!res.ok) throw errorFrom(res);
  return res.data;
}

/** An unauthenticated GET with query parameters (verify-email): the parsed body, or an ApiError. */
export async function publicGet(path, params) {
  const res = await send("GET", `${path}?${new URLSearchParams(params)}`);
  if (!res.ok) throw errorFrom(res);
  return res.data;
}

export function signUp(name, email, password) {
  return account("/api/auth/sign-up/email", { name, email, password });
}

export function signIn(email, password) {
  return account("/api/auth/sign-in/email", { email, password });
}

/** Revokes the refresh token on the server, then forgets the session here in any case. Returns null, or
 * the error that kept the server from hearing about it (the session is forgotten here all the same). */
export async function signOut() {
  let session = loadSession();
  let error = null;
  try {
    if (session) {
      let res = await send("POST", "/api/auth/sign-out", { body: { refresh_token: session.refresh_token }, token: session.token });
      if (res.status === 401) {
        // The access token has expired: refresh (which spends the old refresh token) and revoke the new one.
        session = await refreshAfter(session.token);
        res = await send("POST", "/api/auth/sign-out", { body: { refresh_token: session.refresh_token }, token: session.token });
      }
      if (!res.ok && res.status !== 401) error = errorFrom(res);
    }
  } catch (err) {
    // "expired": the refresh token was already dead, so there is nothing left to revoke.
    if (!(err instanceof ApiError) || err.kind !== "expired") error = err;
  }
  clearSession();
  return error;
}

// ----------------------------------------------------------------------------------------- tasks

function tasksPath(userId, suffix = "") {
  return `/api/${encodeURIComponent(userId)}/tasks${suffix}`;
}

export function listTasks(userId, { status = "all", q = "", sort = "-created", limit = 100, offset = 0 } = {}, signal) {
  const params = new URLSearchParams({ status, sort, limit: String(limit), offset: String(offset) });
  if (q) params.set("q", q);
  return authed("GET", `${tasksPath(userId)}?${params}`, { signal });
}

export function createTask(userId, title, description) {
  const body = { title };
  if (description) body.description = description;
  return authed("POST", tasksPath(userId), { body });
}

export function updateTask(userId, id, changes) {
  return authed("PATCH", tasksPath(userId, `/${id}`), { body: changes });
}

/** DELETE; a 404 means it is already gone, which is what was asked. */
export async function deleteTask(userId, id) {
  try {
    await authed("DELETE", tasksPath(userId, `/${id}`));
  } catch (err) {
    if (err instanceof ApiError && err.kind === "client" && err.status === 404) return;
    throw err;
  }
}

/** Fire-and-forget DELETE that outlives the page (pagehide). No refresh is possible here; if the token
 * has expired the stored pending delete is sent again on the next visit. */
export function deleteTaskOnUnload(userId, id) {
  const session = loadSession();
  if (!session || session.user.id !== userId) return;
  send("DELETE", tasksPath(userId, `/${id}`), { token: session.token, keepalive: true }).catch(() => {});
}
