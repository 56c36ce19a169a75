/// The account routes below `/api/auth/`, in Better Auth's naming.
public enum AuthEndpoint: Sendable, Equatable, CaseIterable {
    case signUp
    case signIn
    case refresh
    case signOut
    case getSession
    case jwks
    case deleteUser
    case changePassword
    case updateUser
    case listSessions
    case revokeSession
    case revokeSessions
    case revokeOtherSessions
    case requestPasswordReset
    /// `POST reset-password`: the new password with the token.
    case resetPassword
    /// `GET reset-password/{token}`: the mailed link, redirected to the page that asks for the new password.
    case resetPasswordLink
    case sendVerificationEmail
    case verifyEmail

    /// The path segments after `auth`.
    public var segments: [String] {
        switch self {
        case .signUp: ["sign-up", "email"]
        case .signIn: ["sign-in", "email"]
        case .refresh: ["refresh"]
        case .signOut: ["sign-out"]
        case .getSession: ["get-session"]
        case .jwks: ["jwks"]
        case .deleteUser: ["delete-user"]
        case .changePassword: ["change-password"]
        case .updateUser: ["update-user"]
        case .listSessions: ["list-sessions"]
        case .revokeSession: ["revoke-session"]
        case .revokeSessions: ["revoke-sessions"]
        case .revokeOtherSessions: ["revoke-other-sessions"]
        case .requestPasswordReset: ["request-password-reset"]
        case .resetPassword: ["reset-password"]
        case .resetPasswordLink: ["reset-password", "{token}"]
        case .sendVerificationEmail: ["send-verification-email"]
        case .verifyEmail: ["verify-email"]
        }
    }

    /// The one method each endpoint answers.
    public var method: String {
        switch self {
        case .getSession, .jwks, .listSessions, .resetPasswordLink, .verifyEmail: "GET"
        default: "POST"
        }
    }

    /// The endpoint for the segments after `auth`, if any.
    static func match(_ segments: ArraySlice<String>) -> AuthEndpoint? {
        if segments.count == 2, segments.first == "reset-password" { return .resetPasswordLink }
        return allCases.first { $0.segments.elementsEqual(segments) }
    }
}
