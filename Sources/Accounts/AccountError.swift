/// Why an account operation was refused, with Better Auth's error code and message (the HTTP status is the API's
/// business: `AuthFailure`).
public enum AccountError: Error, Sendable, Equatable {
    /// Not a plausible email address (400).
    case invalidEmail
    /// The name is empty after trimming (400).
    case nameRequired
    /// The name is longer than `AccountRules.maximumNameLength` scalars or `maximumNameBytes` bytes (400).
    case nameTooLong
    /// Fewer than `AccountRules.minimumPasswordLength` scalars (400).
    case passwordTooShort
    /// More than `AccountRules.maximumPasswordLength` scalars or `maximumPasswordBytes` bytes (400).
    case passwordTooLong
    /// The email already belongs to a user (422).
    case userAlreadyExists
    /// Unknown email or wrong password: one answer for both (401).
    case invalidEmailOrPassword
    /// Unknown, expired, spent or revoked refresh token, or one of another user (401).
    case invalidRefreshToken
    /// The password given to confirm a deletion is wrong (400).
    case invalidPassword
    /// The token's user is not stored here (404).
    case userNotFound
    /// The password budget is spent: try again in `retryAfterSeconds` (429).
    case tooManyRequests
    /// The user has no password to change (imported without one) (400).
    case credentialAccountNotFound
    /// update-user was asked to change the email (400).
    case emailCannotBeUpdated
    /// update-user named nothing to change (400).
    case noFieldsToUpdate
    /// The image is not a string of at most `AccountRules.maximumImageBytes` bytes, or null (400).
    case invalidImage
    /// A reset token that is unknown, spent or expired (400).
    case invalidResetToken
    /// A verification token that does not verify (401).
    case invalidVerificationToken
    /// A verification token past its `exp` (401).
    case verificationTokenExpired
    /// Sign-in with the right password while REQUIRE_EMAIL_VERIFICATION is on and the email is not verified (403).
    case emailNotVerified
    /// send-verification-email with a session, for an email that is not the session's (400).
    case emailMismatch
    /// send-verification-email with a session whose email is verified already (400).
    case emailAlreadyVerified

    /// What a 429 asks the client to wait, in seconds.
    public static let retryAfterSeconds = 1

    /// Better Auth's code, e.g. `INVALID_EMAIL_OR_PASSWORD`.
    public var code: String {
        switch self {
        case .invalidEmail: return "INVALID_EMAIL"
        case .nameRequired, .nameTooLong: return "VALIDATION_ERROR"
        case .passwordTooShort: return "PASSWORD_TOO_SHORT"
        case .passwordTooLong: return "PASSWORD_TOO_LONG"
        case .userAlreadyExists: return "USER_ALREADY_EXISTS_USE_ANOTHER_EMAIL"
        case .invalidEmailOrPassword: return "INVALID_EMAIL_OR_PASSWORD"
        case .invalidRefreshToken: return "INVALID_REFRESH_TOKEN"
        case .invalidPassword: return "INVALID_PASSWORD"
        case .userNotFound: return "USER_NOT_FOUND"
        case .tooManyRequests: return "TOO_MANY_REQUESTS"
        case .credentialAccountNotFound: return "CREDENTIAL_ACCOUNT_NOT_FOUND"
        case .emailCannotBeUpdated: return "EMAIL_CAN_NOT_BE_UPDATED"
        case .noFieldsToUpdate: return "NO_FIELDS_TO_UPDATE"
        case .invalidImage: return "VALIDATION_ERROR"
        case .invalidResetToken, .invalidVerificationToken: return "INVALID_TOKEN"
        case .verificationTokenExpired: return "TOKEN_EXPIRED"
        case .emailNotVerified: return "EMAIL_NOT_VERIFIED"
        case .emailMismatch: return "EMAIL_MISMATCH"
        case .emailAlreadyVerified: return "EMAIL_ALREADY_VERIFIED"
        }
    }

    /// Better Auth's message for the code, e.g. "Invalid email or password".
    public var message: String {
        switch self {
        case .invalidEmail: return "Invalid email"
        case .nameRequired: return "Name is required"
        case .nameTooLong: return "Name is too long"
        case .passwordTooShort: return "Password too short"
        case .passwordTooLong: return "Password too long"
        case .userAlreadyExists: return "User already exists. Use another email."
        case .invalidEmailOrPassword: return "Invalid email or password"
        case .invalidRefreshToken: return "Invalid refresh token"
        case .invalidPassword: return "Invalid password"
        case .userNotFound: return "User not found"
        case .tooManyRequests: return "Too many requests. Please try again later."
        case .credentialAccountNotFound: return "Credential account not found"
        case .emailCannotBeUpdated: return "Email can not be updated"
        case .noFieldsToUpdate: return "No fields to update"
        case .invalidImage: return "Image must be a URL of at most 2048 bytes, or null"
        case .invalidResetToken, .invalidVerificationToken: return "Invalid token"
        case .verificationTokenExpired: return "Token expired"
        case .emailNotVerified: return "Email not verified"
        case .emailMismatch: return "Email mismatch"
        case .emailAlreadyVerified: return "Email is already verified"
        }
    }
}
