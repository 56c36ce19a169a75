// swift-tools-version:6.0
import PackageDescription

/// todo-fcgi: a multi-user task API served over FastCGI behind nginx.
///
/// The C libraries (libfcgi, libcrypto, libsqlite3, libpq) are wrapped by thin system-library targets that
/// only the module owning each concern imports.
let package = Package(
    name: "todo-fcgi",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "todo-fcgi", targets: ["todo-fcgi"])
    ],
    dependencies: [],
    targets: [
        .systemLibrary(name: "CFastCGI", pkgConfig: "fcgi", providers: [.apt(["libfcgi-dev"])]),
        .systemLibrary(name: "COpenSSL", pkgConfig: "libcrypto", providers: [.apt(["libssl-dev"])]),
        .systemLibrary(name: "CSQLite", pkgConfig: "sqlite3", providers: [.apt(["libsqlite3-dev"])]),
        .systemLibrary(name: "CTLS", pkgConfig: "libssl", providers: [.apt(["libssl-dev"])]),
        // NFKC for passwords (GNU libunistring, linked dynamically): no Foundation, so no ICU data in the binary.
        .systemLibrary(name: "CUnistring", providers: [.apt(["libunistring-dev"])]),
        // libpq is loaded with dlopen when PostgreSQL is used (see libpq_loader.c): not a link dependency.
        .target(name: "CPostgreSQL"),
        .target(name: "CBuildInfo"),
        .target(name: "JSON"),
        // The concurrency primitives that Synchronization's Mutex and Atomic do not cover: a condition variable on
        // the monotonic clock and a counting semaphore with a bounded queue.
        .target(name: "Locks"),
        .target(name: "HTTPFetch", dependencies: ["CTLS"]),
        // Counters and histograms shared by every thread (Synchronization's Atomic), written as Prometheus text.
        .target(name: "Metrics"),
        .target(name: "JOSE", dependencies: ["JSON", "COpenSSL", "Metrics", "Locks"]),
        // The records, the owner-scoped store protocols, the executor protocol and the stores written once over it.
        .target(name: "Storage", dependencies: ["Metrics"]),
        // The drivers: connection, statement cache or pool, transactions and retries, and each dialect's SQL.
        .target(name: "SQLiteStorage", dependencies: ["CSQLite", "Storage"]),
        .target(name: "PostgresStorage", dependencies: ["CPostgreSQL", "Storage", "Locks"]),
        .target(name: "Mail", dependencies: ["Locks"]),
        // The command line: commands, options, help, the man page's JSON and shell completions. Not
        // swift-argument-parser, which brought FoundationEssentials in: 4 MB of resident memory and 16 MB of binary.
        .target(name: "Commands", dependencies: ["JSON"]),
        .target(name: "TodoAPI", dependencies: ["JSON", "JOSE", "Storage", "Accounts", "Locks", "Mail", "Metrics"]),
        .target(name: "FastCGI", dependencies: ["CFastCGI", "Locks", "Metrics"]),
        .target(name: "Accounts", dependencies: ["CUnistring", "COpenSSL", "JOSE", "JSON", "Storage", "Locks"]),
        .executableTarget(
            name: "todo-fcgi",
            dependencies: [
                "FastCGI", "TodoAPI", "JOSE", "Storage", "SQLiteStorage", "PostgresStorage", "JSON", "HTTPFetch",
                "Accounts", "Mail", "Metrics",
                "Locks", "CBuildInfo", "Commands",
            ]
        ),
        // The command line the fuzz targets share outside the fuzz build (run a corpus, write the seeds).
        .target(name: "FuzzSupport"),
        .executableTarget(
            name: "fuzz-request",
            dependencies: [
                "TodoAPI", "FastCGI", "Storage", "SQLiteStorage", "JOSE", "JSON", "Accounts", "FuzzSupport",
            ]),
        .executableTarget(name: "fuzz-token", dependencies: ["JOSE", "JSON", "FuzzSupport"]),
        .executableTarget(name: "fuzz-fastcgi", dependencies: ["FastCGI", "CFastCGI", "FuzzSupport"]),
        .executableTarget(
            name: "todo-bench", dependencies: ["JOSE", "JSON", "TodoAPI", "Storage", "SQLiteStorage", "Accounts"]),
        // Helpers shared by the test targets (a temporary directory); never linked into the product.
        .target(name: "TestSupport", dependencies: ["Storage"], path: "Tests/TestSupport"),
        .testTarget(name: "JSONTests", dependencies: ["JSON"]),
        .testTarget(name: "MetricsTests", dependencies: ["Metrics"]),
        .testTarget(name: "CommandsTests", dependencies: ["Commands", "JSON"]),
        .testTarget(name: "JOSETests", dependencies: ["JOSE", "JSON"]),
        // The store suite, run on every driver available (PostgreSQL when PG_TEST_URL names a server).
        .testTarget(
            name: "StorageTests", dependencies: ["Storage", "SQLiteStorage", "PostgresStorage", "TestSupport"]),
        .testTarget(name: "SQLiteStorageTests", dependencies: ["SQLiteStorage", "Storage", "TestSupport"]),
        .testTarget(name: "PostgresStorageTests", dependencies: ["PostgresStorage", "Storage", "TestSupport"]),
        .testTarget(
            name: "TodoAPITests",
            dependencies: [
                "TodoAPI", "Accounts", "JOSE", "JSON", "Storage", "SQLiteStorage", "Mail", "TestSupport",
            ]),
        .testTarget(name: "MailTests", dependencies: ["Mail", "Locks", "TestSupport"]),
        .testTarget(name: "FastCGITests", dependencies: ["FastCGI", "TestSupport"]),
        .testTarget(name: "HTTPFetchTests", dependencies: ["HTTPFetch", "TestSupport"]),
        .testTarget(
            name: "AccountsTests", dependencies: ["Accounts", "Storage", "SQLiteStorage", "JOSE", "JSON", "Locks"]),
    ],
    swiftLanguageModes: [.v6]
)
