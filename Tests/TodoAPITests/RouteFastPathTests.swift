import Testing

@testable import TodoAPI

/// `Route.match` reads ASCII paths without `%` on their bytes; every path must get the answer the general,
/// percent-decoding matcher gives.
@Suite struct RouteFastPathTests {
    /// Every path of up to four segments drawn from pieces that exercise each branch: empty segments, `auth`,
    /// `health`, `tasks`, `complete`, near misses, escapes and non-ASCII.
    static var paths: [String] {
        let pieces = ["", "alice", "auth", "health", "tasks", "complete", "task", "1", "%41", "é", "a+b", "AUTH"]
        var paths = ["", "/", "/api", "/api/", "api/alice/tasks", "/apix/alice/tasks", "/API/health"]
        var level = [""]
        for _ in 1...4 {
            level = level.flatMap { prefix in pieces.map { prefix + "/" + $0 } }
            paths += level.map { "/api" + $0 }
        }
        paths += [
            "/api/auth/a/b/c/d", "/api/alice/tasks/1/complete/x", "/api/alice/tasks/1/complete/",
            "/api/\u{301}alice/tasks", "/api/alice/tasks/1\r\n",
        ]
        return paths
    }

    @Test func everyPathGetsTheGeneralAnswer() {
        let paths = Self.paths
        #expect(paths.count > 20_000)
        var mismatches: [String] = []
        for path in paths where Route.match(path: path) != Route.matchDecoding(path: path) {
            mismatches.append(path)
        }
        #expect(mismatches.isEmpty, "\(mismatches.prefix(10))")
    }

    @Test func taskRoutesKeepTheirSegments() {
        #expect(Route.match(path: "/api/alice/tasks") == .tasks(user: "alice"))
        #expect(Route.match(path: "/api/alice/tasks/42") == .task(user: "alice", id: "42"))
        #expect(Route.match(path: "/api/alice/tasks/42/complete") == .taskCompletion(user: "alice", id: "42"))
        #expect(Route.match(path: "/api/health") == .health)
        #expect(Route.match(path: "/api/alice/tasks/42/complete/x") == nil)
    }
}
