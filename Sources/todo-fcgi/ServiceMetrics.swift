import Accounts
import Glibc
import JOSE
import Metrics
import Storage
import TodoAPI

/// What `GET /api/metrics` reports about this process, in Prometheus text: requests by route and status, their
/// latency, verification-cache hits and misses, password work, database errors and retries, open connections,
/// resident memory and start time. Every counter is an atomic shared by the workers (no lock on the request path).
final class ServiceMetrics: Sendable {
    /// Requests answered, by `MetricsRoute` label and status.
    let requests = RequestCounts(routes: MetricsRoute.labels)
    /// Time from the request read to its response built, in seconds.
    let latency = Histogram(bounds: [0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 1])
    /// nginx's connections open now (the FastCGI server keeps it).
    let openConnections = Counter()
    private let startTime: Double
    private let verifier: JWTVerifier
    private let hasher: PasswordHasher
    private let databaseErrors: DatabaseErrorCounts

    init(verifier: JWTVerifier, hasher: PasswordHasher, databaseErrors: DatabaseErrorCounts, startTime: Double) {
        self.verifier = verifier
        self.hasher = hasher
        self.databaseErrors = databaseErrors
        self.startTime = startTime
    }

    /// Counts one answered request.
    func record(route: Int, status: Int, seconds: Double) {
        requests.record(route: route, status: status)
        latency.observe(seconds)
    }

    /// The exposition document.
    func render() -> String {
        var text = PrometheusText()
        requests.write("todo_fcgi_requests_total", help: "Requests answered, by route and status.", to: &text)
        latency.write(
            "todo_fcgi_request_duration_seconds", help: "Time to answer a request in the responder.", to: &text)
        counter(
            &text, "todo_fcgi_token_cache_hits_total", "Tokens found verified in the cache.",
            verifier.cacheHits.value)
        counter(
            &text, "todo_fcgi_token_cache_misses_total", "Tokens not in the cache, parsed and checked in full.",
            verifier.cacheMisses.value)
        let load = hasher.load
        gauge(&text, "todo_fcgi_password_work_running", "Password hashes running now.", load.running)
        gauge(&text, "todo_fcgi_password_work_waiting", "Requests waiting for a password hash slot.", load.waiting)
        counter(
            &text, "todo_fcgi_password_work_shed_total", "Password checks refused because the budget was spent.",
            hasher.shed)
        text.family("todo_fcgi_database_errors_total", type: "counter", help: "Store failures met by requests.")
        for (label, count) in databaseErrors.counts {
            text.sample("todo_fcgi_database_errors_total", labels: [("kind", label)], count)
        }
        counter(
            &text, "todo_fcgi_database_write_retries_total", "Write transactions run again after busy.",
            WriteRetry.retried.value)
        gauge(&text, "todo_fcgi_connections_open", "FastCGI connections from nginx open now.", openConnections.value)
        gauge(&text, "process_resident_memory_bytes", "Resident memory.", Self.residentBytes())
        text.family("process_start_time_seconds", type: "gauge", help: "Start time, Unix seconds.")
        text.sample("process_start_time_seconds", startTime)
        return text.text
    }

    private func counter(_ text: inout PrometheusText, _ name: String, _ help: String, _ value: Int) {
        text.family(name, type: "counter", help: help)
        text.sample(name, value)
    }

    private func gauge(_ text: inout PrometheusText, _ name: String, _ help: String, _ value: Int) {
        text.family(name, type: "gauge", help: help)
        text.sample(name, value)
    }

    /// The resident set size from /proc/self/statm (its second field, in pages); 0 when it cannot be read.
    static func residentBytes() -> Int {
        let descriptor = open("/proc/self/statm", O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { return 0 }
        defer { close(descriptor) }
        var buffer = [UInt8](repeating: 0, count: 128)
        let count = buffer.withUnsafeMutableBytes { read(descriptor, $0.baseAddress, $0.count) }
        guard count > 0 else { return 0 }
        let fields = buffer[0..<count].split(separator: UInt8(ascii: " "))
        guard fields.count > 1, let pages = Int(String(decoding: fields[1], as: UTF8.self)) else { return 0 }
        return pages * sysconf(Int32(_SC_PAGESIZE))
    }
}
