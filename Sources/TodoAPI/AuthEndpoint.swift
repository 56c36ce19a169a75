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

    /// The path segments after `auth`.
    var segments: [String] {
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
        }
    }

    /// The one method each endpoint answers.
    public var method: String {
        switch self {
        case .getSession, .jwks, .listSessions: "GET"
        default: "POST"
        }
    }

    /// The endpoint for the segments after `auth`, if any.
    static func match(_ segments: ArraySlice<String>) -> AuthEndpoint? {
        allCases.first { $0.segments.elementsEqual(segments) }
    }
}
