import Foundation

/// The command line every fuzz target has outside the fuzz build: `NAME FILE|DIR...` runs saved inputs (a corpus,
/// a crash reproducer) through the same checks as the fuzzer, and `NAME --write-seeds DIR` writes the seed corpus.
public enum CorpusCommand {
    /// Runs the command for the target `name`: `seeds` makes the seed corpus, `run` checks one input and returns
    /// what to print before its file name (nil: print nothing for it).
    public static func main(
        name: String, seeds: () -> [(name: String, bytes: [UInt8])], run: ([UInt8]) -> String?
    ) -> Never {
        let arguments = Array(CommandLine.arguments.dropFirst())
        if arguments.first == "--write-seeds", arguments.count == 2 {
            writeSeeds(seeds(), to: arguments[1], name: name)
            exit(0)
        }
        guard !arguments.isEmpty else {
            print("usage: \(name) FILE|DIR...   or   \(name) --write-seeds DIR")
            exit(2)
        }
        let files = inputFiles(arguments)
        for file in files {
            guard let data = FileManager.default.contents(atPath: file) else {
                print("\(name): cannot read \(file)")
                exit(1)
            }
            if let summary = run(Array(data)) { print("\(summary) \(file)") }
        }
        print("\(name): \(files.count) inputs passed")
        exit(0)
    }

    /// The files named, and the regular files directly inside the directories named, in order.
    static func inputFiles(_ arguments: [String]) -> [String] {
        arguments.flatMap { path -> [String] in
            guard let names = try? FileManager.default.contentsOfDirectory(atPath: path) else { return [path] }
            return names.sorted().map { path + "/" + $0 }
        }
    }

    static func writeSeeds(_ seeds: [(name: String, bytes: [UInt8])], to directory: String, name: String) {
        do {
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
            for seed in seeds {
                try Data(seed.bytes).write(to: URL(fileURLWithPath: directory + "/" + seed.name))
            }
        } catch {
            print("\(name): cannot write the seeds: \(error)")
            exit(1)
        }
        print("\(name): wrote \(seeds.count) seeds to \(directory)")
    }
}
