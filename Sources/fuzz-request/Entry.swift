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
    import FuzzSupport
    import Glibc

    /// Outside the fuzz build: `fuzz-request FILE|DIR...` runs saved inputs (a corpus, a crash reproducer)
    /// through the same checks, and `fuzz-request --write-seeds DIR` writes the seed corpus.
    @main
    enum FuzzRequestCommand {
        static func main() {
            let harness = RequestFuzzer()
            // CorpusCommand.main exits: the database goes when the process does, as in the fuzz build.
            atexit(removeHarness)
            runningHarness = harness
            CorpusCommand.main(name: "fuzz-request", seeds: RequestSeeds.all) { "\(harness.run($0))" }
        }
    }

    nonisolated(unsafe) private var runningHarness: RequestFuzzer?

    private func removeHarness() {
        runningHarness?.remove()
    }
#endif
