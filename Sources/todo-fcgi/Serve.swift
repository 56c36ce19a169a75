import Accounts
import Commands
import FastCGI
import Glibc
import Locks
import TodoAPI

/// `todo-fcgi serve`: the FastCGI responder.
struct Serve {
    static let command = Command(
        "serve",
        abstract: "Serve the API over FastCGI (on FCGI_SOCKET, or on the listening socket inherited on fd 0).",
        arguments: [
            .option(
                "threads", help: "Worker threads: requests answered at once (any number of connections share them).",
                discussion: "Default: 2 per CPU (at least 4) for the API, plus 4 that password work may hold."),
            .option("socket", help: "Listen address, overriding FCGI_SOCKET: unix:PATH or tcp:HOST:PORT."),
            .flag(
                "allow-remote",
                help: "Allow a TCP address outside the loopback network (the socket must never be public)."),
            .option(
                "log-file", valueName: "path",
                help: "Append the log to this file instead of stderr, and reopen it on SIGHUP (for logrotate)."),
        ]
    ) { try Serve($0).run() }

    let threads: Int?
    let socket: String?
    let allowRemote: Bool
    let logFile: String?

    init(_ arguments: ParsedArguments) throws(UsageError) {
        threads = try arguments.int("threads")
        socket = arguments.string("socket")
        allowRemote = arguments.flag("allow-remote")
        logFile = arguments.string("log-file")
        if let threads, !(1...1024).contains(threads) {
            throw UsageError("--threads must be between 1 and 1024")
        }
    }

    /// 2 per CPU, at least 4, for the API: room for a request that waits (a commit) without the memory and
    /// contention of threads that cannot run (on 2 CPUs, list-20 ran about 25 % faster with 4 threads than with
    /// 8, and about 45 % faster than with the former 32); plus the workers password work may hold (hashing or
    /// waiting for a hash), so that those never take a worker from the API.
    static var defaultThreads: Int {
        max(4, 2 * ApplicationFactory.cpuCount) + ApplicationFactory.passwordWorkers
    }

    func run() {
        // The database, its WAL and the socket are for this user and nginx's group only.
        umask(0o027)
        let log: LogFile?
        do {
            log = try logFile.map { path throws(LogFileError) in try LogFile(path: path) }
        } catch {
            Environment.fail("\(error)")
        }
        let configuration = Environment.commandConfiguration()
        let threads = self.threads ?? Self.defaultThreads
        let context: ServiceContext
        do {
            context = try ApplicationFactory.make(
                configuration, threads: threads, refreshKeysInBackground: true, mailInBackground: true)
        } catch {
            Environment.fail("\(error)")
        }
        if let warning = KeySources.audienceWarning(configuration) { RequestLog.event(.warn, warning) }
        // Migrations run at start (under an advisory lock on PostgreSQL, so hosts may start together).
        do {
            try context.database.migrate()
        } catch {
            Environment.fail("cannot open the database at \(context.database.name): \(error)")
        }
        let listener = openListener(configuration)
        // The API's requests run at most as many at once as the workers password work cannot hold (beyond that
        // they would only contend for the CPUs); the account routes are not counted, password work is bounded by
        // the hasher.
        let apiWork = ConcurrencyLimiter(limit: max(1, threads - context.hasher.maxWorkers))
        let stores = SharedStores(context: context)
        let server = FastCGIServer(
            listenDescriptor: listener.descriptor, threads: threads, maxBodyBytes: configuration.maxBodyBytes,
            openConnections: context.metrics.openConnections,
            makeHandler: { APIRequestHandler(context: context, stores: stores, apiWork: apiWork) })
        RequestLog.event(
            .info,
            "todo-fcgi \(BuildInfo.version) serving on \(listener.name) with \(threads) threads, "
                + "database \(context.database.name)")
        let signal = server.run(onHangUp: { Self.reopen(log) })
        if let path = listener.unixPath {
            close(listener.descriptor)
            unlink(path)
        }
        RequestLog.event(.info, "todo-fcgi stopped (\(signal == SIGINT ? "SIGINT" : "SIGTERM"))")
    }

    /// SIGHUP: the log file opened again at its path (logrotate moved the old one away); without one, nothing.
    private static func reopen(_ log: LogFile?) {
        guard let log else {
            RequestLog.event(.info, "SIGHUP: no --log-file to reopen; ignored")
            return
        }
        do {
            try log.reopen()
            RequestLog.event(.info, "log file reopened")
        } catch {
            RequestLog.event(.error, "\(error); logging on to the previous file")
        }
    }

    private func openListener(_ configuration: Configuration) -> (descriptor: Int32, name: String, unixPath: String?) {
        if socket == nil, let inherited = ListeningSocket.inherited() {
            return (inherited, "the inherited socket (fd 0)", nil)
        }
        let address: ListenAddress
        do {
            address = try ListenAddress.parse(socket ?? configuration.fcgiSocket)
        } catch {
            Environment.fail("\(error)")
        }
        if !address.isLoopback && !allowRemote {
            Environment.fail(
                "refusing to listen on \(address): it is not a loopback address. FastCGI has no authentication; "
                    + "pass --allow-remote only behind a firewall that admits nginx alone")
        }
        do {
            let descriptor = try ListeningSocket.open(address)
            if case .unix(let path) = address { return (descriptor, address.description, path) }
            return (descriptor, address.description, nil)
        } catch {
            Environment.fail("\(error)")
        }
    }
}
