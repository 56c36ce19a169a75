import Glibc

/// The doctor's nginx check: `nginx -t` on a temporary nginx.conf that includes the site file at http level, with
/// the snippets the site names (/etc/nginx/snippets/...) taken from the snippets directory given or found.
///
/// The temporary configuration has its own pid file, temp paths and log files, so it runs as any user and never
/// touches the installed nginx. It checks the syntax and the directives, not the upstream socket or the web root.
enum DoctorNginx {
    static let installedSnippets = "/etc/nginx/snippets"

    static func check(
        site: String?, snippets: String?, corsOrigins: [String] = [], into report: inout DoctorReport
    ) {
        let sitePath = site ?? defaultSite()
        if let sitePath, let text = SystemFiles.readText(sitePath) {
            DoctorCORS.check(site: text, sitePath: sitePath, allowed: corsOrigins, into: &report)
        } else {
            report.add(.skip, "cors", "no readable site file; its CORS origins were not compared with the settings.")
        }
        guard let nginx = executableOnPath("nginx") else {
            report.add(.skip, "nginx", "nginx is not on PATH; the site file was not checked.")
            return
        }
        guard let sitePath else {
            report.add(
                .skip, "nginx",
                "no site file found (./nginx/todo-fcgi.site.conf, or nginx/ beside the binary); pass --site FILE.")
            return
        }
        guard let siteText = SystemFiles.readText(sitePath) else {
            report.add(
                .problem, "nginx", "cannot read the site file \(sitePath).", fix: "give a readable file with --site.")
            return
        }
        let snippetsPath = snippets ?? defaultSnippets(besides: sitePath)
        let work: String
        do {
            work = try temporaryDirectory()
        } catch {
            report.add(.skip, "nginx", "cannot create a temporary directory (\(error)); the site was not checked.")
            return
        }
        defer { SystemFiles.removeTree(work) }
        let result: (status: Int32, output: String)
        do {
            try prepare(work: work, siteText: siteText, snippets: snippetsPath, nginx: nginx)
            result = try run(nginx, ["-t", "-q", "-e", "stderr", "-p", work + "/", "-c", work + "/nginx.conf"])
        } catch {
            report.add(.problem, "nginx", "cannot run \(nginx) -t: \(error).", fix: "check the nginx installation.")
            return
        }
        guard result.status != 0 else {
            report.add(.ok, "nginx", "nginx -t accepts \(sitePath) with the snippets of \(snippetsPath).")
            return
        }
        let message = firstError(result.output)
            .replacing(work + "/todo-fcgi.site.conf", with: sitePath)
            .replacing(work + "/snippets", with: snippetsPath)
            .replacing(work + "/nginx.conf", with: "the doctor's nginx.conf")
        report.add(
            .problem, "nginx", "nginx -t refuses \(sitePath) (snippets from \(snippetsPath)): \(message)",
            fix: "correct the line named; the site file is included at http level, as in /etc/nginx/sites-enabled.")
    }

    /// ./nginx/todo-fcgi.site.conf (a checkout or an unpacked bundle), else nginx/ beside the executable.
    private static func defaultSite() -> String? {
        var candidates = ["nginx/todo-fcgi.site.conf"]
        if let executable = SystemFiles.linkTarget("/proc/self/exe") {
            candidates.append(DoctorFiles.parent(of: executable) + "/nginx/todo-fcgi.site.conf")
        }
        return candidates.first { access($0, R_OK) == 0 }
    }

    /// snippets/ beside the site file when it holds the API snippet (the repository and the bundle), else nginx's.
    private static func defaultSnippets(besides site: String) -> String {
        let beside = DoctorFiles.parent(of: site) + "/snippets"
        return SystemFiles.exists(beside + "/todo-fcgi-api.conf") ? beside : installedSnippets
    }

    /// WORK/nginx.conf including WORK/todo-fcgi.site.conf (the site with its snippet paths pointed at WORK/snippets),
    /// and WORK/snippets, a copy of the snippets directory (the API snippet includes snippets/... relative to the
    /// directory of nginx.conf, as /etc/nginx/snippets on a Debian host).
    private static func prepare(work: String, siteText: String, snippets: String, nginx: String) throws {
        try SystemFiles.makeDirectories(work + "/snippets", mode: 0o755)
        for name in SystemFiles.names(in: snippets) ?? [] where name.hasSuffix(".conf") {
            guard let bytes = SystemFiles.read(snippets + "/" + name),
                SystemFiles.write(bytes, to: work + "/snippets/" + name)
            else { throw SystemError(call: "copy", path: snippets + "/" + name) }
        }
        let site = redirectingLogs(
            siteText.replacing(installedSnippets + "/", with: work + "/snippets/"), into: work)
        guard SystemFiles.write(Array(site.utf8), to: work + "/todo-fcgi.site.conf") else {
            throw SystemError(call: "write", path: work + "/todo-fcgi.site.conf")
        }
        // Temp paths of the modules compiled in (nginx-light leaves some out, and naming one of those is an error).
        let built = (try? run(nginx, ["-V"]))?.output ?? ""
        var temps = ["client_body_temp_path \"\(work)/client_body\";"]
        for module in ["fastcgi", "proxy", "uwsgi", "scgi"] where !built.contains("--without-http_\(module)_module") {
            temps.append("\(module)_temp_path \"\(work)/\(module)\";")
        }
        let configuration = """
            # Written by todo-fcgi doctor to check a site file with nginx -t; removed afterwards.
            error_log stderr;
            pid "\(work)/nginx.pid";
            events { worker_connections 64; }
            http {
                access_log off;
                \(temps.joined(separator: "\n    "))
                include "\(work)/todo-fcgi.site.conf";
            }

            """
        guard SystemFiles.write(Array(configuration.utf8), to: work + "/nginx.conf") else {
            throw SystemError(call: "write", path: work + "/nginx.conf")
        }
    }

    /// `text` with the file of every `access_log` and `error_log` directive moved into `work`: nginx -t opens log
    /// files, and the installed ones (/var/log/nginx/...) are writable by root and nginx's user only, not by the
    /// service user the doctor runs as. `off`, `stderr`, `syslog:` and `memory:` are left as they are.
    private static func redirectingLogs(_ text: String, into work: String) -> String {
        let directive = /(?<lead>^|[\s;{])(?<name>access_log|error_log)(?<space>\s+)(?<target>"[^"]*"|[^\s;"]+)/
        return text.replacing(directive) { match in
            let target = match.output.target
            let kept =
                target == "off" || target == "stderr" || target.hasPrefix("syslog:") || target.hasPrefix("memory:")
            let file = kept ? String(target) : "\"\(work)/\(match.output.name).log\""
            return "\(match.output.lead)\(match.output.name)\(match.output.space)\(file)"
        }
    }

    /// The first line nginx marks as an error ([emerg], [alert], [crit]), without the "nginx: " prefix.
    private static func firstError(_ output: String) -> String {
        let lines = output.split(separator: "\n").map(String.init)
        let line =
            lines.first { $0.contains("[emerg]") || $0.contains("[alert]") || $0.contains("[crit]") }
            ?? lines.first ?? "no message"
        return line.hasPrefix("nginx: ") ? String(line.dropFirst(7)) : line
    }

    private static func temporaryDirectory() throws -> String {
        var base = SystemFiles.environment["TMPDIR"] ?? "/tmp"
        if base.isEmpty { base = "/tmp" }
        var template = Array((base + "/todo-fcgi-doctor.XXXXXX").utf8CString)
        guard template.withUnsafeMutableBufferPointer({ mkdtemp($0.baseAddress!) != nil }) else {
            throw SystemError(call: "mkdtemp", path: base)
        }
        return template.withUnsafeBufferPointer { String(cString: $0.baseAddress!) }
    }

    /// The first executable NAME in PATH's directories.
    static func executableOnPath(_ name: String) -> String? {
        let path = SystemFiles.environment["PATH"] ?? ""
        for directory in path.split(separator: ":") where !directory.isEmpty {
            let candidate = "\(directory)/\(name)"
            if access(candidate, X_OK) == 0 && !DoctorFiles.isDirectory(candidate) { return candidate }
        }
        return nil
    }

    /// Runs `executable` with `arguments`; its status and what it wrote to stdout and stderr.
    private static func run(_ executable: String, _ arguments: [String]) throws -> (status: Int32, output: String) {
        try Subprocess.run(executable, arguments)
    }
}
