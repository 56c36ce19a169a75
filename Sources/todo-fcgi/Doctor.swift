import Commands
import Glibc
import TodoAPI

/// `todo-fcgi doctor`: checks the configuration a deployment will run with and says, in plain words, what is
/// wrong and how to fix it. One line per check; exit 0 when nothing is a problem, 1 otherwise.
///
/// Every check reuses the code path the responder runs (Configuration.load, ListenAddress.parse, the migrator,
/// KeySources, ApplicationFactory.signer, HTTPFetch), so the doctor and `serve` cannot disagree. It writes
/// nothing but a temporary nginx.conf (removed), and never prints a secret.
struct Doctor {
    static let command = Command(
        "doctor", abstract: "Check the configuration a deployment will run with and say what is wrong.",
        discussion: """
            Reads the settings as `serve` does: the environment, then ./.env (or --env-file; ./.env is not read with \
            TODO_SKIP_DOTENV=1). Checks the secret, \
            the database (SQLite at DATABASE_PATH, or PostgreSQL at DATABASE_URL), the socket, JWKS_FILE, \
            JWKS_URL, SIGNING_KEY_FILE and, when nginx is on PATH, the nginx site file (nginx -t on a temporary \
            nginx.conf that includes it and its snippets). Run it as the user the responder runs as. Exit status: \
            0 when nothing is a problem (warnings allowed), 1 otherwise.
            """,
        arguments: [
            .option(
                "env-file",
                help: "Read settings from this file instead of ./.env (for example systemd's EnvironmentFile)."),
            .option(
                "site",
                help: """
                    The nginx site file to check (default: ./nginx/todo-fcgi.site.conf, else \
                    nginx/todo-fcgi.site.conf beside the binary, as in the release bundle).
                    """),
            .option(
                "snippets",
                help: """
                    The directory holding the snippets the site includes (default: snippets/ beside the site file \
                    if it has todo-fcgi-api.conf, else /etc/nginx/snippets).
                    """),
        ]
    ) { try Doctor($0).run() }

    let envFile: String?
    let site: String?
    let snippets: String?

    init(_ arguments: ParsedArguments) {
        envFile = arguments.string("env-file")
        site = arguments.string("site")
        snippets = arguments.string("snippets")
    }

    func run() throws(ExitStatus) {
        var report = DoctorReport()
        let identity = "uid \(getuid())" + (userName().map { " (\($0))" } ?? "")
        let settingsFile = envFile ?? "./.env"
        print(
            "todo-fcgi doctor \(BuildInfo.version): settings from the environment and \(settingsFile), "
                + "checked as \(identity) in \(SystemFiles.currentDirectory)")
        let environment = SystemFiles.environment
        let skipped = envFile == nil && Environment.skipsDotEnv
        guard
            let dotenv = skipped
                ? [:] : DoctorSettings.readDotEnv(path: settingsFile, required: envFile != nil, into: &report),
            let configuration = DoctorSettings.load(environment: environment, dotenv: dotenv, into: &report)
        else {
            report.finish()
            throw ExitStatus(1)
        }
        DoctorSettings.checkSecret(environment: environment, dotenv: dotenv, into: &report)
        if skipped {  // one line per check: the env-file line says why the file was not looked at
            report.add(.skip, "env-file", "TODO_SKIP_DOTENV=1: ./.env is not read, as by serve.")
        } else {
            DoctorSettings.checkSettingsFile(
                path: settingsFile, holdsSecret: !(dotenv["BETTER_AUTH_SECRET"] ?? "").isEmpty, into: &report)
        }
        DoctorStorage.checkDatabase(configuration, into: &report)
        DoctorStorage.checkSocket(configuration.fcgiSocket, into: &report)
        DoctorKeys.checkJWKSFile(configuration, into: &report)
        DoctorKeys.checkJWKSURL(configuration, into: &report)
        DoctorKeys.checkAudience(configuration, into: &report)
        DoctorKeys.checkSigningKey(configuration, into: &report)
        DoctorNginx.check(
            site: site, snippets: snippets, corsOrigins: configuration.corsAllowedOrigins, into: &report)
        report.finish()
        if report.problems > 0 { throw ExitStatus(1) }
    }

    private func userName() -> String? {
        guard let entry = getpwuid(getuid()), let name = entry.pointee.pw_name else { return nil }
        return String(cString: name)
    }
}

/// The doctor's verdicts, printed as they come: one line per check.
struct DoctorReport {
    enum Level: String {
        case ok = "ok"
        case warn = "warn"
        case skip = "skip"
        case problem = "PROBLEM"
    }

    private(set) var problems = 0
    private(set) var warnings = 0

    /// Prints `level  check  text Fix: fix`.
    mutating func add(_ level: Level, _ check: String, _ text: String, fix: String? = nil) {
        if level == .problem { problems += 1 }
        if level == .warn { warnings += 1 }
        let fixText = fix.map { " Fix: \($0)" } ?? ""
        // One line per check, whatever a library's message holds (libpq's end with a newline).
        let line = (text + fixText).split(whereSeparator: \.isNewline).map { DoctorText.trimmed($0, newlines: false) }
            .joined(separator: " ")
        print("\(Self.padded(level.rawValue, 8)) \(Self.padded(check, 12)) \(line)")
    }

    /// What `attempt` returns, or nil once it threw: then a problem line for `check` says `text(error)` (by default
    /// the error and a full stop), with `fix`.
    mutating func unlessProblem<T, Failure: Error>(
        _ check: String, _ attempt: () throws(Failure) -> T, text: (Failure) -> String = { "\($0)." }, fix: String?
    ) -> T? {
        do {
            return try attempt()
        } catch {
            add(.problem, check, text(error), fix: fix)
            return nil
        }
    }

    /// True, once a problem line for `check` says `text(mode)` (the mode in octal) with `fix`, when the mode of
    /// `path` has any of `bits` (0o004: every user may read it; 0o002: every user may write to it).
    mutating func problemIfMode(
        _ path: String, has bits: mode_t, _ check: String, fix: String, _ text: (String) -> String
    ) -> Bool {
        guard let mode = DoctorFiles.mode(path), mode & bits != 0 else { return false }
        add(.problem, check, text(DoctorFiles.octal(mode)), fix: fix)
        return true
    }

    /// The closing line.
    func finish() {
        func count(_ number: Int, _ noun: String) -> String { "\(number) \(noun)\(number == 1 ? "" : "s")" }
        print(
            problems == 0
                ? "no problems found (\(count(warnings, "warning")))"
                : "\(count(problems, "problem")), \(count(warnings, "warning"))")
    }

    private static func padded(_ text: String, _ width: Int) -> String {
        text + String(repeating: " ", count: max(0, width - text.count))
    }
}
