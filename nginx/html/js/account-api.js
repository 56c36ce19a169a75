// The account routes of /api/auth/ (see /work/shared/API.md, "Accounts"): profile, password, sessions,
// deletion, password reset. Authenticated calls go through api.js's authed() (Bearer, one refresh on a 401).

import { ApiError, authed, publicGet, publicPost } from "./api.js";
import { clearSession, loadSession, saveSession } from "./session.js";

/** Changes the name; the stored session's user follows. Returns the updated user. */
export async function updateName(name) {
  await authed("POST", "/api/auth/update-user", { body: { name } });
  const session = loadSession();
  if (!session) throw new ApiError("expired");
  const user = { ...session.user, name };
  saveSession({ ...session, user });
  return user;
}

/** With revokeOtherSessions every session ends and the answer starts a new one, which is stored here. */
export async function changePassword(currentPassword, newPassword, revokeOtherSessions) {
  const d = await authed("POST", "/api/auth/change-password", {
    body: { currentPassword, newPassword, revokeOtherSessions },
  });
  const session = loadSession();
  if (session && d && typeof d.token === "string" && typeof d.refresh_token === "string") {
    saveSession({ token: d.token, refresh_token: d.refresh_token, user: d.user && d.user.id ? d.user : session.user });
  }
  return d;
}

/** [{id, token, createdAt, updatedAt, userAgent, current, ...}], the current one first, then the most recent. */
export async function listSessions() {
  const list = await authed("GET", "/api/auth/list-sessions");
  if (!Array.isArray(list)) throw new ApiError("server", 200, null);
  return list.slice().sort((a, b) => (b.current === true) - (a.current === true)
    || String(b.updatedAt || "").localeCompare(String(a.updatedAt || "")));
}

export function revokeSession(token) {
  return authed("POST", "/api/auth/revoke-session", { body: { token } });
}

/** Every session, this one included; forgets the session here. */
export async function revokeAllSessions() {
  await authed("POST", "/api/auth/revoke-sessions", { body: {} });
  clearSession();
}

/** Deletes the account once the password is confirmed; forgets the session here. */
export async function deleteAccount(password) {
  await authed("POST", "/api/auth/delete-user", { body: { password } });
  clearSession();
}

/** The answer's neutral message (the same whether or not the email has an account). */
export async function requestPasswordReset(email) {
  const d = await publicPost("/api/auth/request-password-reset", { email, redirectTo: "/reset-password" });
  return d && typeof d.message === "string" && d.message
    ? d.message
    : "If this email exists in our system, check your email for the reset link";
}

export function resetPassword(token, newPassword) {
  return publicPost("/api/auth/reset-password", { newPassword, token });
}

/** Asks for a new verification link (the answer is the same whether or not the address has an account). */
export function sendVerificationEmail(email) {
  return publicPost("/api/auth/send-verification-email", { email });
}

/** Verifies the address of a mailed link. The first use signs in: {session}, stored here; a link whose address
 * is verified already: {session: null}. */
export async function verifyEmail(token) {
  const d = await publicGet("/api/auth/verify-email", { token });
  if (d && typeof d.token === "string" && typeof d.refresh_token === "string" && d.user && d.user.id) {
    const session = { token: d.token, refresh_token: d.refresh_token, user: d.user };
    saveSession(session);
    return { session };
  }
  return { session: null };
}
