#if TODO_FUZZING
    /// libFuzzer's entry point: the fuzz build (scripts/fuzz.sh) passes `-D TODO_FUZZING` and links libFuzzer,
    /// whose `main` drives this function.
    @_cdecl("LLVMFuzzerTestOneInput")
    public func fuzzTestOneInput(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
        TokenFuzzer.run(data.map { Array(UnsafeBufferPointer(start: $0, count: size)) } ?? [])
        return 0
    }
#else
    import FuzzSupport

    /// Outside the fuzz build: `fuzz-token FILE|DIR...` runs saved inputs (a corpus, a crash reproducer) through
    /// the same checks, and `fuzz-token --write-seeds DIR` writes the seed corpus.
    @main
    enum FuzzTokenCommand {
        static func main() {
            CorpusCommand.main(name: "fuzz-token", seeds: TokenSeeds.all) { input -> String? in
                TokenFuzzer.run(input)
                return nil
            }
        }
    }
#endif
