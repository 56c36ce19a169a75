import COpenSSL

/// libcrypto's portable read-write lock, so this module needs no platform-specific threading import.
final class ReadWriteLock: @unchecked Sendable {
    private let lock: UnsafeMutableRawPointer

    init() {
        guard let lock = CRYPTO_THREAD_lock_new() else { preconditionFailure("out of memory") }
        self.lock = lock
    }

    deinit {
        CRYPTO_THREAD_lock_free(lock)
    }

    func withReadLock<Result>(_ body: () -> Result) -> Result {
        guard CRYPTO_THREAD_read_lock(lock) == 1 else { preconditionFailure("CRYPTO_THREAD_read_lock failed") }
        defer { CRYPTO_THREAD_unlock(lock) }
        return body()
    }

    func withWriteLock<Result>(_ body: () -> Result) -> Result {
        guard CRYPTO_THREAD_write_lock(lock) == 1 else { preconditionFailure("CRYPTO_THREAD_write_lock failed") }
        defer { CRYPTO_THREAD_unlock(lock) }
        return body()
    }
}
