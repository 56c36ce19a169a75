import Glibc

// todo-bench: micro-benchmarks for `make bench` (scripts/bench.sh). Prints one tab-separated line per measurement:
// name, CPU ns per operation (this thread), wall ns per operation, iterations.
//
//   todo-bench verify [--fixtures FILE] [--seconds S]
//       JWTVerifier.verify per algorithm: HS256 and EdDSA cold (cacheCapacity 0) and warm (cached), and ES256, RS256,
//       PS256 when FILE (bench/seed.py --fixtures-out) has them; without FILE, HS256 and EdDSA signed here; then the
//       revocation check of a verified token (empty list, 10,000 revoked sessions and subjects).
//   todo-bench handle [--tasks N] [--other-users M] [--seconds S]
//       TodoApplication.handle for list (limit=20), get and create, against a temporary database holding N tasks of
//       the benchmark user (default 100) and N of each of M other users (default 0).
//   --only TEXT runs only the measurements whose name contains TEXT (for profiling one path under callgrind).

let usage =
    "usage: todo-bench verify [--fixtures FILE] [--seconds S] | handle [--tasks N] [--other-users M] [--seconds S]"
    + " [--only TEXT]"

/// `--name value` pairs; anything else is a usage error.
func parseOptions(_ arguments: ArraySlice<String>) -> [String: String] {
    var options: [String: String] = [:]
    var rest = arguments
    while let name = rest.first {
        guard name.hasPrefix("--"), rest.count >= 2 else { fail(usage) }
        options[String(name.dropFirst(2))] = rest[rest.index(after: rest.startIndex)]
        rest = rest.dropFirst(2)
    }
    return options
}

/// Removes and returns option `name` as a non-negative number, or `value` when absent.
func number(_ name: String, in options: inout [String: String], default value: Double) -> Double {
    guard let text = options.removeValue(forKey: name) else { return value }
    guard let parsed = Double(text), parsed >= 0 else { fail("--\(name) must be a non-negative number") }
    return parsed
}

func runBenchmarks(_ arguments: [String]) -> [Measurement] {
    guard let command = arguments.first else { fail(usage) }
    var options = parseOptions(arguments.dropFirst())
    let seconds = number("seconds", in: &options, default: 0.5)
    let only = options.removeValue(forKey: "only")
    switch command {
    case "verify":
        let fixtures =
            options.removeValue(forKey: "fixtures").map(VerifyBenchmark.load) ?? VerifyBenchmark.generated()
        guard options.isEmpty else { fail(usage) }
        return VerifyBenchmark.run(fixtures: fixtures, seconds: seconds, only: only)
            + RevocationBenchmark.run(seconds: seconds, only: only)
    case "handle":
        let tasks = Int(number("tasks", in: &options, default: 100))
        let others = Int(number("other-users", in: &options, default: 0))
        guard options.isEmpty, tasks >= 1 else { fail(usage) }
        return HandlerBenchmark.run(tasksPerUser: tasks, otherUsers: others, seconds: seconds, only: only)
    default:
        fail(usage)
    }
}

for result in runBenchmarks(Array(CommandLine.arguments.dropFirst())) { print(result.line) }
if Sink.shared.value == Int.min { print("") }
