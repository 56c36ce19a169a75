import FastCGI
import Glibc
import PostgresStorage
import SQLiteStorage
import Storage
import TodoAPI

/// The doctor's checks of the places the responder writes: the database and the socket.
enum DoctorStorage {
    /// The database the configuration selects: PostgreSQL when DATABASE_URL names it, else SQLite at DATABASE_PATH.
    static func checkDatabase(_ configuration: Configuration, into report: inout DoctorReport) {
        if let url = configuration.databaseURL, PostgresURL.isPostgres(url) {
            checkPostgres(url, into: &report)
        } else {
            checkSQLite(configuration.databasePath, into: &report)
        }
    }

    /// DATABASE_URL: one connection (libpq, 5 s unless the URL sets connect_timeout) and the schema version read.
    /// Messages name the URL with its password hidden.
    private static func checkPostgres(_ url: String, into report: inout DoctorReport) {
        let shown = PostgresURL.redacted(url)
        do {
            let pool = PGPool(url: url, size: 1)
            defer { pool.closeIdle() }
            let version = try Migrator.version(of: pool)
            report.add(
                .ok, "database",
                "DATABASE_URL \(shown): PostgreSQL answers; schema version \(version) (serve migrates it at start).")
        } catch {
            report.add(
                .problem, "database",
                "DATABASE_URL \(shown): \(DoctorText.trimmed(String(describing: error), newlines: true)).",
                fix: "check the host, port, user, password and sslmode in DATABASE_URL, and that this host reaches it.")
        }
    }

    /// DATABASE_PATH: its directory usable (or creatable), and the file, if present, a SQLite database whose schema
    /// version this program knows. The file is opened read-only; nothing is created or migrated.
    private static func checkSQLite(_ path: String, into report: inout DoctorReport) {
        guard path != ":memory:", !path.hasPrefix("file:") else {
            report.add(.skip, "database", "DATABASE_PATH \(path) is not a plain file name; not checked.")
            return
        }
        let directory = DoctorFiles.parent(of: path)
        if let problem = DoctorFiles.directoryProblem(directory) {
            report.add(
                .problem, "database",
                "DATABASE_PATH \(path): \(problem). SQLite needs to create the file and its -wal and -shm beside it.",
                fix: "create the directory for the responder's user (mkdir -p, chown), or set DATABASE_PATH elsewhere.")
            return
        }
        guard DoctorFiles.exists(path) else {
            report.add(.ok, "database", "\(path) does not exist yet; serve creates it (and \(directory)) at start.")
            return
        }
        guard access(path, R_OK | W_OK) == 0 else {
            report.add(
                .problem, "database",
                "\(path) is not readable and writable by this user (\(String(cString: strerror(errno)))).",
                fix: "chown it to the responder's user, mode 600 (its directory too).")
            return
        }
        guard
            let found = report.unlessProblem(
                "database",
                {
                    let connection = try SQLiteDatabase.openReadOnly(path: path)
                    defer { connection.close() }
                    return try Migrator.version(of: connection)
                }, text: { "\(path) is not a SQLite database this program can read (\($0))." },
                fix: "point DATABASE_PATH at the service's database, or move this file away to start afresh.")
        else { return }
        let latest = Migrator.latestVersion(.sqlite)
        if found > latest {
            let refusal = StorageError.schemaNewerThanCode(found: found, known: latest)
            report.add(
                .problem, "database", "\(path): \(refusal.description).", fix: "install the newer release again.")
        } else if found < latest {
            report.add(
                .ok, "database",
                "\(path) is at schema version \(found); serve migrates it to \(latest) at start (back it up first).")
        } else {
            report.add(.ok, "database", "\(path) is a SQLite database at the current schema version \(latest).")
        }
    }

    /// FCGI_SOCKET: parseable, on loopback, and for a unix socket a directory that exists (or can be created) and
    /// that other users cannot write to.
    static func checkSocket(_ text: String, into report: inout DoctorReport) {
        guard
            let address = report.unlessProblem(
                "socket", { try ListenAddress.parse(text) },
                fix: "set FCGI_SOCKET=unix:/path/todo.sock (or tcp:127.0.0.1:PORT).")
        else { return }
        switch address {
        case .tcp:
            guard address.isLoopback else {
                report.add(
                    .problem, "socket",
                    "FCGI_SOCKET \(address) is not a loopback address. FastCGI has no authentication: whoever reaches "
                        + "the port bypasses nginx (its limits, the client address it reports).",
                    fix: "use unix:PATH, or tcp:127.0.0.1:PORT (serve refuses this address without --allow-remote).")
                return
            }
            report.add(
                .ok, "socket",
                "FCGI_SOCKET \(address) is on loopback (every local user can connect; a unix socket can be "
                    + "restricted to nginx's group).")
        case .unix(let path):
            checkUnixSocket(path, into: &report)
        }
    }

    private static func checkUnixSocket(_ path: String, into report: inout DoctorReport) {
        let directory = DoctorFiles.parent(of: path)
        if let problem = DoctorFiles.directoryProblem(directory) {
            report.add(
                .problem, "socket", "FCGI_SOCKET unix:\(path): \(problem).",
                fix: "create the directory for the responder's user, mode 0750, group nginx's (www-data); under "
                    + "systemd, todo-fcgi.socket creates it (run the doctor while the socket unit is active).")
            return
        }
        let writable = report.problemIfMode(
            directory, has: 0o002, "socket",
            fix: "use a directory of your own, mode 0750 with nginx's group (e.g. /run/todo-fcgi)."
        ) { mode in
            "the socket's directory \(directory) is writable by every user (mode \(mode)): anyone could put their own "
                + "socket in its place and receive nginx's requests."
        }
        if writable { return }
        var status = stat()
        if lstat(path, &status) == 0 && status.st_mode & S_IFMT != S_IFSOCK {
            report.add(
                .problem, "socket", "\(path) exists and is not a socket; serve refuses to replace it.",
                fix: "remove it or choose another FCGI_SOCKET.")
            return
        }
        let state =
            DoctorFiles.exists(path)
            ? "exists (a running responder's, or a stale one serve replaces)" : "will be created at start"
        report.add(.ok, "socket", "unix:\(path) \(state), in \(directory).")
    }
}
