import Glibc
import TodoAPI

/// The doctor's checks of the settings themselves: the settings file, the values, the secret.
enum DoctorSettings {
    /// Fewer distinct bytes than this in BETTER_AUTH_SECRET look like a word or a pattern, not random bytes.
    static let weakDistinctBytes = 16
    /// The same for a secret made only of hex digits, whose alphabet has 16 symbols: a quarter of the outputs of
    /// `openssl rand -hex 32` miss at least one digit, none of them (in practice) more than 8.
    static let weakDistinctHexDigits = 8

    /// The variables of the settings file; an empty set when it is absent and optional, nil when it cannot be used.
    static func readDotEnv(path: String, required: Bool, into report: inout DoctorReport) -> [String: String]? {
        guard SystemFiles.exists(path) else {
            if required {
                report.add(.problem, "settings", "\(path) does not exist.", fix: "give the file the service reads.")
                return nil
            }
            return [:]
        }
        guard let data = SystemFiles.read(path), let text = String(validating: data, as: UTF8.self)
        else {
            report.add(
                .problem, "settings", "cannot read \(path) as text (\(DoctorFiles.accessProblem(path, R_OK))).",
                fix: "make it readable by this user, e.g. chmod 640 \(path) and chgrp the service's group.")
            return nil
        }
        let file = DotEnv(parsing: text)
        for line in file.malformed {
            report.add(.warn, "settings", "\(path) \(line); serve ignores that line.", fix: "correct or remove it.")
        }
        return file.variables
    }

    /// Configuration.load as `serve` runs it, except the secret, which has its own line.
    static func load(
        environment: [String: String], dotenv: [String: String], into report: inout DoctorReport
    ) -> Configuration? {
        do {
            let configuration = try Configuration.load(
                environment: environment, dotenv: dotenv, requireSecret: false)
            report.add(.ok, "settings", "every value is well formed.")
            return configuration
        } catch {
            report.add(.problem, "settings", "\(error.description).", fix: "correct that value.")
            return nil
        }
    }

    /// Present and long enough (Configuration.load's own rule and words), and not obviously weak. Never printed.
    static func checkSecret(environment: [String: String], dotenv: [String: String], into report: inout DoctorReport) {
        let configuration: Configuration
        do {
            configuration = try Configuration.load(environment: environment, dotenv: dotenv, requireSecret: true)
        } catch {
            report.add(.problem, "secret", error.description)
            return
        }
        let secret = configuration.secret
        let source = (environment["BETTER_AUTH_SECRET"] ?? "").isEmpty ? "the settings file" : "the environment"
        let distinct = Set(secret).count
        let isHex = secret.allSatisfy {
            (0x30...0x39).contains($0) || (0x41...0x46).contains($0) || (0x61...0x66).contains($0)
        }
        let fix = "use 32 random bytes, e.g. openssl rand -hex 32 (tokens signed with the old one stop verifying)."
        if distinct == 1 {
            report.add(
                .problem, "secret",
                "BETTER_AUTH_SECRET (from \(source)) is one character repeated: anyone can guess it.",
                fix: fix)
        } else if distinct < (isHex ? weakDistinctHexDigits : weakDistinctBytes) {
            report.add(
                .warn, "secret",
                "BETTER_AUTH_SECRET (from \(source), \(secret.count) bytes) uses only \(distinct) distinct "
                    + "\(isHex ? "hex digits" : "characters"); "
                    + "it looks like a word or a pattern rather than random bytes.", fix: fix)
        } else {
            report.add(.ok, "secret", "BETTER_AUTH_SECRET is set (from \(source), \(secret.count) bytes).")
        }
    }

    /// A settings file that holds the secret must not be readable by every user.
    static func checkSettingsFile(path: String, holdsSecret: Bool, into report: inout DoctorReport) {
        guard let mode = DoctorFiles.mode(path) else {
            report.add(.skip, "env-file", "there is no \(path); the settings come from the environment only.")
            return
        }
        if holdsSecret && mode & 0o004 != 0 {
            report.add(
                .problem, "env-file",
                "\(path) holds BETTER_AUTH_SECRET and every user on this host can read it "
                    + "(mode \(DoctorFiles.octal(mode))).",
                fix: "chmod 600 \(path) (or 640 with the service's group).")
        } else {
            report.add(.ok, "env-file", "\(path) is mode \(DoctorFiles.octal(mode)).")
        }
    }
}

/// File-system questions the doctor asks, answered without changing anything.
enum DoctorFiles {
    /// The permission bits of `path` (following links), or nil when it does not exist.
    static func mode(_ path: String) -> mode_t? {
        var status = stat()
        guard stat(path, &status) == 0 else { return nil }
        return status.st_mode & 0o7777
    }

    static func isDirectory(_ path: String) -> Bool {
        var status = stat()
        return stat(path, &status) == 0 && status.st_mode & S_IFMT == S_IFDIR
    }

    static func exists(_ path: String) -> Bool {
        var status = stat()
        return lstat(path, &status) == 0
    }

    /// "0640" for 0o640.
    static func octal(_ mode: mode_t) -> String {
        let digits = String(mode, radix: 8)
        return String(repeating: "0", count: max(0, 4 - digits.count)) + digits
    }

    /// The directory part of `path` ("." for a bare name).
    static func parent(of path: String) -> String {
        guard let slash = path.lastIndex(of: "/") else { return "." }
        return slash == path.startIndex ? "/" : String(path[..<slash])
    }

    /// The nearest ancestor of the directory `path` that exists (the directory itself when it does).
    static func nearestExisting(_ directory: String) -> String {
        var candidate = directory
        while !exists(candidate) && candidate != "." && candidate != "/" {
            candidate = parent(of: candidate)
        }
        return candidate
    }

    /// Why `access(path, how)` fails, or "allowed".
    static func accessProblem(_ path: String, _ how: Int32) -> String {
        access(path, how) == 0 ? "allowed" : String(cString: strerror(errno))
    }

    /// Whether a directory that may not exist yet could be used by this user to create files in: it exists and is
    /// writable, or its nearest existing ancestor is a writable directory (`mkdir -p` would work).
    /// Returns nil when it can, else the reason.
    static func directoryProblem(_ directory: String) -> String? {
        if exists(directory) {
            guard isDirectory(directory) else { return "\(directory) exists and is not a directory" }
            guard access(directory, W_OK | X_OK) == 0 else {
                return "this user cannot create files in \(directory) (\(String(cString: strerror(errno))))"
            }
            return nil
        }
        let ancestor = nearestExisting(directory)
        guard isDirectory(ancestor) else {
            return "\(directory) cannot be created: \(ancestor) is not a directory"
        }
        guard access(ancestor, W_OK | X_OK) == 0 else {
            return "\(directory) does not exist and this user cannot create it in \(ancestor) "
                + "(\(String(cString: strerror(errno))))"
        }
        return nil
    }
}
