import Foundation
import TodoAPI

/// Loads the configuration: the process environment first, then `./.env`.
enum Environment {
    static func configuration(requireSecret: Bool = true) throws -> Configuration {
        let environment = ProcessInfo.processInfo.environment
        var dotenv: [String: String] = [:]
        if let text = try? String(contentsOfFile: ".env", encoding: .utf8) {
            dotenv = DotEnv.parse(text)
        }
        return try Configuration.load(environment: environment, dotenv: dotenv, requireSecret: requireSecret)
    }

    /// Prints `message` on stderr and exits with `code` (1: configuration or start-up failure).
    static func fail(_ message: String, code: Int32 = 1) -> Never {
        FileHandle.standardError.write(Data("todo-fcgi: \(message)\n".utf8))
        exit(code)
    }
}
