import Glibc
import Synchronization

/// Times a closure: CPU time of the calling thread (comparable to `openssl speed`, which divides by user time)
/// and wall time, over as many runs as fit in a time budget.
struct Measurement {
    /// What was measured, e.g. `verify EdDSA warm`.
    let name: String
    let iterations: Int
    let cpuNanoseconds: Double
    let wallNanoseconds: Double

    var cpuPerOperation: Double { cpuNanoseconds / Double(iterations) }
    var wallPerOperation: Double { wallNanoseconds / Double(iterations) }

    /// A tab-separated line for scripts/bench.sh: `name  cpu-ns/op  wall-ns/op  iterations`.
    var line: String {
        "\(name)\t\(Int(cpuPerOperation.rounded()))\t\(Int(wallPerOperation.rounded()))\t\(iterations)"
    }

    /// Runs `body` a few times to warm up, then in doubling batches until `seconds` of wall time have passed.
    static func run(_ name: String, seconds: Double, _ body: () -> Void) -> Measurement {
        for _ in 0..<8 { body() }
        var iterations = 0
        var batch = 16
        let cpuStart = now(CLOCK_THREAD_CPUTIME_ID)
        let wallStart = now(CLOCK_MONOTONIC)
        var wall = 0.0
        while wall < seconds * 1e9 {
            for _ in 0..<batch { body() }
            iterations += batch
            wall = now(CLOCK_MONOTONIC) - wallStart
            batch = min(batch * 2, 1 << 16)
        }
        return Measurement(
            name: name, iterations: iterations, cpuNanoseconds: now(CLOCK_THREAD_CPUTIME_ID) - cpuStart,
            wallNanoseconds: wall)
    }

    private static func now(_ clock: clockid_t) -> Double {
        var time = timespec()
        clock_gettime(clock, &time)
        return Double(time.tv_sec) * 1e9 + Double(time.tv_nsec)
    }
}

/// Keeps results alive so the optimizer cannot drop the work that produced them (a relaxed atomic add: a few
/// nanoseconds, against microseconds measured).
final class Sink: Sendable {
    static let shared = Sink()
    private let total = Atomic<Int>(0)

    func consume(_ value: Int) {
        total.wrappingAdd(value, ordering: .relaxed)
    }

    var value: Int { total.load(ordering: .relaxed) }
}

/// Unix time in seconds.
func wallClockSeconds() -> Double {
    var time = timespec()
    clock_gettime(CLOCK_REALTIME, &time)
    return Double(time.tv_sec) + Double(time.tv_nsec) / 1e9
}

/// Prints to stderr and exits with status 2.
func fail(_ message: String) -> Never {
    let line = Array("todo-bench: \(message)\n".utf8)
    _ = line.withUnsafeBytes { write(STDERR_FILENO, $0.baseAddress, $0.count) }
    exit(2)
}

/// The bytes of a file, or nil.
func readFile(_ path: String) -> [UInt8]? {
    guard let file = fopen(path, "rb") else { return nil }
    defer { fclose(file) }
    var bytes: [UInt8] = []
    var chunk = [UInt8](repeating: 0, count: 65536)
    while true {
        let count = fread(&chunk, 1, chunk.count, file)
        if count <= 0 { break }
        bytes.append(contentsOf: chunk[0..<count])
    }
    return bytes
}
