import Accounts
import Storage
import Testing

@testable import TodoAPI

@Suite("Every error is rendered in one place, in its route family's shape")
struct ErrorRenderingTests {
    @Test(
        "account errors carry Better Auth's status, code and headers",
        arguments: [
            (AccountError.invalidEmail, 400, "INVALID_EMAIL"),
            (.passwordTooShort, 400, "PASSWORD_TOO_SHORT"),
            (.passwordTooLong, 400, "PASSWORD_TOO_LONG"),
            (.nameRequired, 400, "VALIDATION_ERROR"),
            (.nameTooLong, 400, "VALIDATION_ERROR"),
            (.invalidPassword, 400, "INVALID_PASSWORD"),
            (.userAlreadyExists, 422, "USER_ALREADY_EXISTS_USE_ANOTHER_EMAIL"),
            (.invalidEmailOrPassword, 401, "INVALID_EMAIL_OR_PASSWORD"),
            (.invalidRefreshToken, 401, "INVALID_REFRESH_TOKEN"),
            (.userNotFound, 404, "USER_NOT_FOUND"),
            (.tooManyRequests, 429, "TOO_MANY_REQUESTS"),
        ])
    func accountErrors(error: AccountError, status: Int, code: String) {
        let response = RouteFamily.auth.render(error)
        #expect(response.status == status)
        #expect(response.text.contains("\"code\":\"\(code)\""))
        let names = response.headers.map(\.name)
        #expect(names.contains("WWW-Authenticate") == (status == 401))
        #expect(names.contains("Retry-After") == (status == 429))
        #expect(names.contains("X-Retry-After") == (status == 429))
    }

    @Test(
        "storage errors map by kind, the same on both families, and never show the driver's text",
        arguments: [
            (StorageError.Kind.unavailable, 503), (.busy, 503), (.constraint, 409), (.failure, 500),
            (.schemaNewerThanCode, 500),
        ])
    func storageErrors(kind: StorageError.Kind, status: Int) {
        let error = StorageError(kind, "SQLite error in `SELECT secret FROM tasks`")
        for family in [RouteFamily.tasks, .auth] {
            let response = family.render(error)
            #expect(response.status == status)
            #expect(!response.text.contains("secret"))
        }
        #expect(RouteFamily.tasks.render(error).text.hasPrefix(#"{"detail":"#))
        #expect(RouteFamily.auth.render(error).text.hasPrefix(#"{"code":"#))
    }

    @Test("anything unexpected is a bare 500 in the family's shape")
    func unexpected() {
        struct Surprise: Error {}
        #expect(RouteFamily.tasks.render(Surprise()).text == #"{"detail":"Internal Server Error"}"#)
        #expect(
            RouteFamily.auth.render(Surprise()).text
                == #"{"code":"INTERNAL_SERVER_ERROR","message":"Internal Server Error"}"#)
    }
}
