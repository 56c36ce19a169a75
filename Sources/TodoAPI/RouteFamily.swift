import Accounts
import Storage

/// The two shapes errors are answered in: FastAPI's `{"detail": ...}` on the task routes (and anything outside
/// `/api/auth/`), Better Auth's `{"code", "message"}` below `/api/auth/`. Every error a handler throws is rendered
/// here, in one place.
enum RouteFamily {
    case tasks
    case auth

    /// The response to `error`: an `APIError` as it is, a storage error by its kind (503 when the database is
    /// unavailable or busy, 409 for a refused constraint, else 500), account errors and body refusals in Better
    /// Auth's shape, anything else a bare 500.
    func render(_ error: any Error) -> APIResponse {
        switch error {
        case let error as APIError: return render(error)
        case let error as StorageError: return render(Self.apiError(error))
        case let error as AuthFailure: return error.response
        case let error as AccountError: return AuthFailure(error).response
        default: return render(APIError.internalError)
        }
    }

    private func render(_ error: APIError) -> APIResponse {
        switch self {
        case .tasks: return error.response
        case .auth: return AuthFailure(error).response
        }
    }

    /// The one mapping from the store's errors to the API's.
    static func apiError(_ error: StorageError) -> APIError {
        switch error.kind {
        case .unavailable, .busy: return .serviceUnavailable
        case .constraint: return .conflict
        case .schemaNewerThanCode, .failure: return .internalError
        }
    }
}
