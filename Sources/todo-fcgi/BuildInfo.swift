import CBuildInfo

/// The version and the git commit printed by `--version`.
///
/// The commit comes from the C macro `TODO_FCGI_COMMIT` (Sources/CBuildInfo), which scripts/dist.sh sets with
/// `-Xcc -DTODO_FCGI_COMMIT="<sha>"`; other builds say "unknown".
enum BuildInfo {
    static let version = "0.1.0"
    static var commit: String { String(cString: todo_fcgi_commit()) }
    static var versionLine: String { "todo-fcgi \(version) (commit \(commit))" }
}
