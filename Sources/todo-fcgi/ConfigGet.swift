import Commands
import TodoAPI

/// `todo-fcgi config get NAME`: one setting's value in effect. Exit 1 when it is unset (no default), 2 for a
/// name that is not a setting or one that is secret: a secret is never printed.
enum ConfigGet {
    static let command = Command(
        "get", abstract: "Print the value in effect of one setting (not a secret one).",
        arguments: [.positional("name", help: "The setting's name, e.g. PORT.")]
    ) { run(name: $0.string("name") ?? "") }

    static func run(name: String) {
        guard let setting = Configuration.setting(named: name) else {
            let names = Configuration.settings.map(\.name).joined(separator: ", ")
            Environment.fail("\(name) is not a setting; the settings are \(names)", code: 2)
        }
        guard !setting.isSecret else {
            Environment.fail("\(name) is secret: it is never printed (todo-fcgi doctor checks it)", code: 2)
        }
        let (environment, dotenv) = Environment.checkedLayers(requireSecret: false)
        guard let value = Configuration.layeredValue(name, environment: environment, dotenv: dotenv) else {
            Environment.fail("\(name) is not set", code: 1)
        }
        print(value)
    }
}
