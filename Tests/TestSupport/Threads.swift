#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// Runs each body on its own POSIX thread (real parallelism, unlike the cooperative pool), waits for all, and
/// returns what they threw.
public func runOnThreads(_ bodies: [@Sendable () throws -> Void]) -> [any Error] {
    let jobs = bodies.map(ThreadJob.init)
    var threads: [pthread_t] = []
    for job in jobs {
        let context = Unmanaged.passRetained(job).toOpaque()
        var thread = pthread_t()
        let code = pthread_create(&thread, nil, threadMain, context)
        precondition(code == 0, "pthread_create failed")
        threads.append(thread)
    }
    for thread in threads {
        pthread_join(thread, nil)
    }
    return jobs.compactMap(\.error)
}

/// A flag one thread raises and another waits for.
public final class Flag: @unchecked Sendable {
    private var mutex = pthread_mutex_t()
    private var raised = false

    public init() {
        pthread_mutex_init(&mutex, nil)
    }

    deinit {
        pthread_mutex_destroy(&mutex)
    }

    public func raise() {
        pthread_mutex_lock(&mutex)
        raised = true
        pthread_mutex_unlock(&mutex)
    }

    public func wait() {
        while true {
            pthread_mutex_lock(&mutex)
            let done = raised
            pthread_mutex_unlock(&mutex)
            if done {
                return
            }
            usleep(500)
        }
    }
}

/// One body and what it threw; written by its thread, read only after `pthread_join`.
private final class ThreadJob: @unchecked Sendable {
    let body: @Sendable () throws -> Void
    var error: (any Error)?

    init(_ body: @escaping @Sendable () throws -> Void) {
        self.body = body
    }
}

private func threadMain(_ context: UnsafeMutableRawPointer?) -> UnsafeMutableRawPointer? {
    let job = Unmanaged<ThreadJob>.fromOpaque(context!).takeRetainedValue()
    do {
        try job.body()
    } catch {
        job.error = error
    }
    return nil
}
