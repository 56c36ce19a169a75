#if TODO_FUZZING
    import Glibc

    /// One harness (one database) for the whole fuzzing process, removed at exit.
    nonisolated(unsafe) private let harness: RequestFuzzer = {
        let harness = RequestFuzzer()
        atexit(removeHarness)
        return harness
    }()

    private func removeHarness() {
        harness.remove()
    }

    /// libFuzzer's entry point: the fuzz build (scripts/fuzz.sh) passes `-D TODO_FUZZING` and links libFuzzer,
    /// whose `main` drives this function.
    @_cdecl("LLVMFuzzerTestOneInput")
    public func fuzzTestOneInput(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
        harness.run(data.map { Array(UnsafeBufferPointer(start: $0, count: size)) } ?? [])
        return 0
    }
#else
    import Foundation

    /// Outside the fuzz build: `fuzz-request FILE|DIR...` runs saved inputs (a corpus, a crash reproducer)
    /// through the same checks, and `fuzz-request --write-seeds DIR` writes the seed corpus.
    @main
    enum FuzzRequestCommand {
        static func main() {
            let arguments = Array(CommandLine.arguments.dropFirst())
            if arguments.first == "--write-seeds", arguments.count == 2 {
                writeSeeds(RequestSeeds.all(), to: arguments[1])
                return
            }
            guard !arguments.isEmpty else {
                print("usage: fuzz-request FILE|DIR...   or   fuzz-request --write-seeds DIR")
                exit(2)
            }
            let files = inputFiles(arguments)
            let harness = RequestFuzzer()
            defer { harness.remove() }
            for file in files {
                guard let data = FileManager.default.contents(atPath: file) else {
                    print("fuzz-request: cannot read \(file)")
                    exit(1)
                }
                print("\(harness.run(Array(data))) \(file)")
            }
            print("fuzz-request: \(files.count) inputs passed")
        }

        /// The files named, and the regular files directly inside the directories named, in order.
        static func inputFiles(_ arguments: [String]) -> [String] {
            arguments.flatMap { path -> [String] in
                guard let names = try? FileManager.default.contentsOfDirectory(atPath: path) else { return [path] }
                return names.sorted().map { path + "/" + $0 }
            }
        }

        static func writeSeeds(_ seeds: [(name: String, bytes: [UInt8])], to directory: String) {
            do {
                try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
                for seed in seeds {
                    try Data(seed.bytes).write(to: URL(fileURLWithPath: directory + "/" + seed.name))
                }
            } catch {
                print("fuzz-request: cannot write the seeds: \(error)")
                exit(1)
            }
            print("fuzz-request: wrote \(seeds.count) seeds to \(directory)")
        }
    }
#endif
