#if TODO_FUZZING
    /// libFuzzer's entry point: the fuzz build (scripts/fuzz.sh) passes `-D TODO_FUZZING` and links libFuzzer,
    /// whose `main` drives this function.
    @_cdecl("LLVMFuzzerTestOneInput")
    public func fuzzTestOneInput(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
        FastCGIFuzzer.run(data.map { Array(UnsafeBufferPointer(start: $0, count: size)) } ?? [])
        return 0
    }
#else
    import Foundation

    /// Outside the fuzz build: `fuzz-fastcgi FILE|DIR...` runs saved inputs (a corpus, a crash reproducer)
    /// through the same checks, and `fuzz-fastcgi --write-seeds DIR` writes the seed corpus.
    @main
    enum FuzzRequestCommand {
        static func main() {
            let arguments = Array(CommandLine.arguments.dropFirst())
            if arguments.first == "--write-seeds", arguments.count == 2 {
                writeSeeds(FastCGISeeds.all(), to: arguments[1])
                return
            }
            guard !arguments.isEmpty else {
                print("usage: fuzz-fastcgi FILE|DIR...   or   fuzz-fastcgi --write-seeds DIR")
                exit(2)
            }
            let files = inputFiles(arguments)
            for file in files {
                guard let data = FileManager.default.contents(atPath: file) else {
                    print("fuzz-fastcgi: cannot read \(file)")
                    exit(1)
                }
                print("\(FastCGIFuzzer.run(Array(data))) requests \(file)")
            }
            print("fuzz-fastcgi: \(files.count) inputs passed")
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
                print("fuzz-fastcgi: cannot write the seeds: \(error)")
                exit(1)
            }
            print("fuzz-fastcgi: wrote \(seeds.count) seeds to \(directory)")
        }
    }
#endif
