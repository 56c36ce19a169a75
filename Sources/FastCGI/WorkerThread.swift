import Glibc

/// Starts detached POSIX threads running a Swift closure (Foundation's Thread is not needed).
public enum WorkerThread {
    private final class Box {
        let body: @Sendable () -> Void

        init(_ body: @escaping @Sendable () -> Void) {
            self.body = body
        }
    }

    /// Stack size for workers: the request path never recurses deeply (JSON nesting is capped).
    public static let stackSize = 1 << 20

    /// Starts a detached thread running `body`; returns its id. SIGTERM and SIGINT are blocked in it from its
    /// first instruction (they are the main thread's to take), even when the caller has not blocked them yet.
    public static func start(_ body: @escaping @Sendable () -> Void) -> pthread_t {
        var attributes = pthread_attr_t()
        pthread_attr_init(&attributes)
        pthread_attr_setstacksize(&attributes, stackSize)
        pthread_attr_setdetachstate(&attributes, Int32(PTHREAD_CREATE_DETACHED))
        defer { pthread_attr_destroy(&attributes) }
        let box = Unmanaged.passRetained(Box(body)).toOpaque()
        var thread = pthread_t()
        var stopSet = Signals.stopSignals()
        var previousMask = sigset_t()
        pthread_sigmask(SIG_BLOCK, &stopSet, &previousMask)
        defer { pthread_sigmask(SIG_SETMASK, &previousMask, nil) }
        let status = pthread_create(
            &thread, &attributes,
            { argument in
                let box = Unmanaged<Box>.fromOpaque(argument!).takeRetainedValue()
                box.body()
                return nil
            }, box)
        precondition(status == 0, "cannot start a worker thread: error \(status)")
        return thread
    }
}
