import Accounts
import FastCGI
import Locks
import Storage
import TodoAPI

/// The stores the worker threads share: one set for each request the database serves at once, lent for that
/// request and taken back after it. On SQLite each set is over its own connection; on PostgreSQL every set is over
/// the process's one pool.
///
/// Lending by request rather than keeping a set per thread bounds the SQLite connections, and their page caches
/// (256 KiB each), by the requests that run at once, not by the threads: the API's requests run at most `threads -
/// password workers` at a time (4 of 7 on 2 CPUs), so under task load 3 connections fewer are open and warm. The
/// last set given back is the next one lent, so a lone client keeps meeting the same warm cache.
final class SharedStores: Sendable {
    private let idle = SleepingMutex<[APIStores]>([])
    private let open: @Sendable () throws(StorageError) -> APIStores

    init(context: ServiceContext) {
        open = { () throws(StorageError) -> APIStores in
            try context.database.stores { users in
                AccountService(
                    users: users, hasher: context.hasher, signer: context.signer, settings: context.tokenSettings,
                    revocations: context.revocations, requireEmailVerification: context.requireEmailVerification)
            }
        }
    }

    /// Runs `body` with a set of stores no other request holds, opened now if none is idle. A failure to open is
    /// logged as part of the request `requestID` and `body` gets stores that answer 503 (the next request tries
    /// again).
    func withStores<Result>(requestID: String, _ body: (APIStores) -> Result) -> Result {
        let stores: APIStores
        if let lent = idle.withLock({ $0.popLast() }) {
            stores = lent
        } else {
            do {
                stores = try open()
            } catch {
                RequestLog.event(.error, "database: cannot open: \(error)", requestID: requestID)
                return body(APIStores(tasks: FailingTaskStore(StorageError(.unavailable, "\(error)"))))
            }
        }
        defer { idle.withLock { $0.append(stores) } }
        return body(stores)
    }
}
