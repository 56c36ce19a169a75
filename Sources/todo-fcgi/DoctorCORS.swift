import Glibc
import TodoAPI

/// The doctor's CORS check: the site file's `map $http_origin $todo_cors { ... }` allows exactly the origins of
/// CORS_ALLOWED_ORIGINS, with the default "deny" when there are some and "" (CORS off) when there are none.
enum DoctorCORS {
    static func check(site siteText: String, sitePath: String, allowed: [String], into report: inout DoctorReport) {
        guard let block = mapBlock(siteText) else {
            report.add(
                .problem, "cors", "\(sitePath) has no map $http_origin $todo_cors block.",
                fix: "copy the block of nginx/todo-fcgi.site.conf (the API snippet reads $todo_cors).")
            return
        }
        let (defaultValue, origins) = entries(block)
        let expectedDefault = allowed.isEmpty ? "" : "deny"
        let want = Set(allowed)
        guard Set(origins) == want, defaultValue == expectedDefault else {
            let missing = allowed.filter { !origins.contains($0) }
            let extra = origins.filter { !want.contains($0) }
            var differences: [String] = []
            if !missing.isEmpty { differences.append("not allowed there: \(missing.joined(separator: ", "))") }
            if !extra.isEmpty { differences.append("allowed there only: \(extra.joined(separator: ", "))") }
            if defaultValue != expectedDefault {
                differences.append("default \"\(defaultValue ?? "(none)")\", expected \"\(expectedDefault)\"")
            }
            report.add(
                .problem, "cors",
                "the $todo_cors map of \(sitePath) differs from CORS_ALLOWED_ORIGINS: "
                    + differences.joined(separator: "; ") + ".",
                fix: "one line \"~^<origin with . [ ] escaped>$\" \"allow\"; per origin of CORS_ALLOWED_ORIGINS, "
                    + "default \"deny\" (\"\" when the list is empty), then reload nginx.")
            return
        }
        report.add(
            .ok, "cors",
            allowed.isEmpty
                ? "CORS is off, in the settings and in \(sitePath)."
                : "\(sitePath) allows exactly CORS_ALLOWED_ORIGINS (\(allowed.count) origin(s)).")
    }

    /// The text between the braces of `map $http_origin $todo_cors {`, comments removed.
    static func mapBlock(_ text: String) -> String? {
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false).map { line in
            line.firstIndex(of: "#").map { String(line[..<$0]) } ?? String(line)
        }
        let code = lines.joined(separator: "\n")
        guard let start = code.firstRange(of: /map\s+\$http_origin\s+\$todo_cors\s*\{/),
            let end = code[start.upperBound...].firstIndex(of: "}")
        else { return nil }
        return String(code[start.upperBound..<end])
    }

    /// The map's default value and the origins it allows (a quoted plain string, or an anchored regex `~^...$`
    /// whose only escapes are `\.`, `\[` and `\]`).
    static func entries(_ block: String) -> (defaultValue: String?, origins: [String]) {
        var defaultValue: String?
        var origins: [String] = []
        for statement in block.split(separator: ";") {
            let words = statement.split(whereSeparator: \.isWhitespace).map { word in
                word.count >= 2 && (word.first == "\"" || word.first == "'") && word.last == word.first
                    ? String(word.dropFirst().dropLast()) : String(word)
            }
            guard words.count == 2 else { continue }
            if words[0] == "default" {
                defaultValue = words[1]
            } else if words[1] == "allow" {
                var key = words[0]
                if key.hasPrefix("~^") && key.hasSuffix("$") {
                    key = String(key.dropFirst(2).dropLast())
                        .replacing(#"\."#, with: ".")
                        .replacing(#"\["#, with: "[")
                        .replacing(#"\]"#, with: "]")
                }
                origins.append(key)
            }
        }
        return (defaultValue, origins)
    }
}
