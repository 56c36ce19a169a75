import Accounts
import JOSE
import JSON
import Mail
import Storage

/// The routes that send mail or follow its links: password reset and email verification.
extension AuthHandlers {
    static let resetMessage = "If this email exists in our system, check your email for the reset link"

    func requestPasswordReset(_ body: [UInt8], mail: AccountMail?) throws -> APIResponse {
        guard let mail else {
            throw AuthFailure(status: 400, code: "RESET_PASSWORD_DISABLED", message: "Reset password isn't enabled")
        }
        let body = try AuthBody.parse(body).get()
        let email = try body.string("email").get()
        let redirectTo = try body.optionalString("redirectTo").get()
        if case .failure(let error) = AccountRules.email(email) { throw error }
        if let redirectTo, !mail.isTrusted(redirectTo) {
            throw AuthFailure(status: 403, code: "INVALID_REDIRECT_URL", message: "Invalid redirectURL")
        }
        if let (user, token) = try accounts.requestPasswordReset(
            email: email, ttlSeconds: mail.resetTTLSeconds, now: nowMilliseconds)
        {
            // With redirectTo, Better Auth's link: our GET route checks the token and sends the browser there.
            let link =
                redirectTo.map {
                    "\(mail.appURL)/api/auth/reset-password/\(token)?callbackURL=\(PercentEncoding.encodeSegment($0))"
                } ?? "\(mail.appURL)/reset-password?token=\(token)"
            let minutes = max(1, mail.resetTTLSeconds / 60)
            mail.outbox.send(
                MailMessage(
                    from: mail.from, to: user.email, subject: "Reset your password",
                    text: """
                        Someone asked to reset the password of the account \(user.email).

                        To choose a new password, open this link within \(minutes) minutes:

                        \(link)

                        If it was not you, ignore this mail: your password stays as it is.
                        """))
        }
        var writer = JSONWriter(capacity: 128)
        writer.raw("{\"status\":true,\"message\":")
        writer.string(Self.resetMessage)
        writer.raw("}")
        return .json(200, writer.bytes)
    }

    /// `GET /api/auth/reset-password/{token}?callbackURL=`: 302 to `callbackURL?token=` for a live token, else to
    /// `callbackURL?error=INVALID_TOKEN`. The token is not spent here.
    func resetPasswordLink(token: String, query: QueryParameters, mail: AccountMail?) throws -> APIResponse {
        let callback = query["callbackURL"] ?? ""
        guard isTrusted(callback, mail) else { throw Self.invalidCallbackURL }
        let live = try accounts.isLiveResetToken(token, now: nowMilliseconds)
        return Self.redirect(
            live
                ? RedirectTarget.adding("token", token, to: callback)
                : RedirectTarget.adding("error", "INVALID_TOKEN", to: callback))
    }

    func resetPassword(_ body: [UInt8], query: QueryParameters) throws -> APIResponse {
        let body = try AuthBody.parse(body).get()
        let newPassword = try body.string("newPassword").get()
        let token = try body.optionalString("token").get() ?? query["token"] ?? ""
        try accounts.resetPassword(token: token, newPassword: newPassword, now: nowMilliseconds).get()
        return Self.status
    }

    /// Sends a verification link to an unverified user. Without a session the answer never says whether the
    /// email is known; with one, the email must be the session's and not yet verified.
    func sendVerificationEmail(
        _ body: [UInt8], session token: VerifiedJWT?, mail: AccountMail?, verification: EmailVerificationToken
    ) throws -> APIResponse {
        guard let mail else {
            throw AuthFailure(
                status: 400, code: "VERIFICATION_EMAIL_NOT_ENABLED", message: "Verification email isn't enabled")
        }
        let body = try AuthBody.parse(body).get()
        let email = try body.string("email").get()
        let callbackURL = try body.optionalString("callbackURL").get()
        if case .failure(let error) = AccountRules.email(email) { throw error }
        if let callbackURL, !mail.isTrusted(callbackURL) { throw Self.invalidCallbackURL }
        if let token, let user = try accounts.user(id: token.subject) {
            guard user.email == UserRecord.normalizedEmail(email) else { throw AccountError.emailMismatch }
            guard !user.emailVerified else { throw AccountError.emailAlreadyVerified }
        }
        if let user = try accounts.unverifiedUser(email: email) {
            sendVerification(to: user, callbackURL: callbackURL, mail: mail, verification: verification)
        }
        return Self.status
    }

    /// Mails `user` a verification link (sign-up when REQUIRE_EMAIL_VERIFICATION is on, send-verification-email).
    /// Without `callbackURL` the link is the web app's page `APP_URL/verify-email?token=`, which verifies through
    /// the JSON route and so signs the user in; with one, Better Auth's own link, which redirects there.
    func sendVerification(
        to user: UserRecord, callbackURL: String?, mail: AccountMail, verification: EmailVerificationToken
    ) {
        let token = verification.issue(email: user.email, now: nowMilliseconds)
        let link =
            callbackURL.map {
                "\(mail.appURL)/api/auth/verify-email?token=\(token)&callbackURL=\(PercentEncoding.encodeSegment($0))"
            } ?? "\(mail.appURL)/verify-email?token=\(token)"
        mail.outbox.send(
            MailMessage(
                from: mail.from, to: user.email, subject: "Verify your email address",
                text: """
                    To verify the email address \(user.email) of your account, open this link within an hour:

                    \(link)

                    If you did not make an account, ignore this mail.
                    """))
    }

    /// `GET /api/auth/verify-email?token=&callbackURL=`: 302 to `callbackURL` (with `?error=CODE` when the token
    /// does not verify); without one, JSON: when this call verified the email, a new session
    /// `{"status":true,"token","refresh_token","user"}` (Better Auth's auto sign-in after verification), and
    /// `{"status":true,"user":null}` when it was verified already.
    func verifyEmail(
        query: QueryParameters, client: SessionClient, mail: AccountMail?, verification: EmailVerificationToken
    ) throws -> APIResponse {
        let callbackURL = query["callbackURL"].flatMap { $0.isEmpty ? nil : $0 }
        if let callbackURL, !isTrusted(callbackURL, mail) { throw Self.invalidCallbackURL }
        let result = try accounts.verifyEmail(
            token: query["token"] ?? "", verifier: verification, signingIn: callbackURL == nil ? client : nil,
            now: nowMilliseconds)
        if let callbackURL {
            guard case .failure(let error) = result else { return Self.redirect(callbackURL) }
            return Self.redirect(RedirectTarget.adding("error", error.code, to: callbackURL))
        }
        switch result {
        case .success(let session?): return signedIn(session, status: true)
        case .success(nil): return .json(200, Array(#"{"status":true,"user":null}"#.utf8))
        case .failure(.userNotFound):
            throw AuthFailure(
                status: 401, code: "USER_NOT_FOUND", message: "User not found",
                headers: [("WWW-Authenticate", "Bearer")])
        case .failure(let error): throw error
        }
    }

    private func isTrusted(_ url: String, _ mail: AccountMail?) -> Bool {
        mail?.isTrusted(url) ?? RedirectTarget.isTrusted(url, origins: [])
    }

    static let invalidCallbackURL = AuthFailure(
        status: 403, code: "INVALID_CALLBACK_URL", message: "Invalid callbackURL")

    static func redirect(_ location: String) -> APIResponse {
        APIResponse(status: 302, headers: [("Location", location), ("Cache-Control", "no-store")])
    }
}
