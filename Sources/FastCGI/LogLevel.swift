/// How much a log line matters: `info` for the request lines and the service's life, `warn` for what an operator
/// should look at (a key skipped, a budget spent), `error` for a failure (a 500, a database that is gone).
public enum LogLevel: String, Sendable {
    case info
    case warn
    case error
}
