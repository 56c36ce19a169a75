import Accounts
import FastCGI
import Glibc
import JOSE
import JSON
import Mail
import TodoAPI

/// Everything a worker thread needs to build its handler; shared, immutable, built once at start.
struct ServiceContext: Sendable {
    let application: TodoApplication
    /// SQLite or PostgreSQL, as DATABASE_URL says.
    let database: DatabaseBackend
    /// One hasher for the whole process, so its bound on concurrent scrypt runs holds globally.
    let hasher: PasswordHasher
    let signer: JWTSigner
    let tokenSettings: TokenSettings
    /// One revocation list for the whole process: what one worker revokes, every worker refuses at once.
    let revocations: RevocationList
    /// REQUIRE_EMAIL_VERIFICATION.
    let requireEmailVerification: Bool
    /// The process's counters, served at /api/metrics.
    let metrics: ServiceMetrics
}

/// Builds the application from the configuration: keys, signer, verifier and clock.
enum ApplicationFactory {
    /// The CPUs online.
    static let cpuCount = max(1, sysconf(Int32(_SC_NPROCESSORS_ONLN)))
    /// Concurrent password hashes (32 MiB each): 2, but at most one per two CPUs, so that a flood of wrong passwords
    /// leaves CPU time to everything else (on 2 CPUs, health's p50 during an unthrottled flood fell from 6.8 ms with
    /// 2 hashes to 2.6 ms with 1; `make bench`).
    static let concurrentHashes = max(1, min(2, cpuCount / 2))
    /// Password checks that may wait behind them, each at most `passwordWaitSeconds`; any more are answered 429.
    static let waitingHashes = 2
    static let passwordWaitSeconds = 1.0
    /// Workers that password work can hold at most: the hashes running and those waiting.
    static let passwordWorkers = concurrentHashes + waitingHashes

    /// The password budget for a pool of `threads` workers: at most half of them hash or wait for a hash (the
    /// other half stays free for the task routes and /api/health), one at the least.
    static func passwordHasher(threads: Int) -> PasswordHasher {
        let slots = max(1, min(passwordWorkers, threads / 2))
        let hashes = min(concurrentHashes, slots)
        return PasswordHasher(
            maxConcurrentHashes: hashes, maxWaiting: slots - hashes, maxWait: passwordWaitSeconds)
    }

    /// - Parameters:
    ///   - threads: the worker threads that will share the context (1 for CGI).
    ///   - refreshKeysInBackground: keep JWKS_URL's keys current on a thread of their own (`serve`).
    ///   - mailInBackground: send mail from a queue on a thread of its own (`serve`); else while the request
    ///     waits (CGI, where the process ends with the request).
    static func make(
        _ configuration: Configuration, threads: Int, refreshKeysInBackground: Bool = false,
        mailInBackground: Bool = false
    ) throws -> ServiceContext {
        let signer = try signer(configuration)
        let keys = try KeySources.verifier(
            configuration, extraKeys: try ownKeys(signer), refreshInBackground: refreshKeysInBackground)
        // Logged once, at load; JWKS_URL's skipped members are logged with each new document it serves.
        for line in keys.fileSkippedLines { RequestLog.event(.warn, "jwks: \(line)") }
        let (verifier, refresher) = (keys.verifier, keys.refresher)
        let revocations = RevocationList(
            accessTokenTTL: Int64(configuration.accessTokenTTL), leeway: configuration.leewaySeconds)
        let application = TodoApplication(
            authenticator: Authenticator(verifier: verifier, keyRefresher: refresher, revocations: revocations),
            clock: { wallClockSeconds() },
            signingPublicJWK: signer.publicJWK,
            mail: mail(configuration, inBackground: mailInBackground),
            emailVerification: EmailVerificationToken(secret: configuration.secret),
            log: { context, line in logApplicationLine(line, requestID: context.requestID) })
        let settings = TokenSettings(
            accessTokenTTL: Int64(configuration.accessTokenTTL), refreshTokenTTL: Int64(configuration.refreshTokenTTL),
            issuer: configuration.issuer, audience: configuration.audience)
        let hasher = passwordHasher(threads: threads)
        let metrics = ServiceMetrics(
            verifier: verifier, hasher: hasher, databaseErrors: application.databaseErrors,
            startTime: wallClockSeconds())
        return ServiceContext(
            application: application, database: DatabaseBackend.from(configuration),
            hasher: hasher, signer: signer, tokenSettings: settings,
            revocations: revocations, requireEmailVerification: configuration.requireEmailVerification,
            metrics: metrics)
    }

    /// Logs a line of the application about the request `requestID`: `error: …` at level error (without the
    /// prefix), any other line at level warn.
    static func logApplicationLine(_ line: String, requestID: String) {
        if line.hasPrefix("error: ") {
            RequestLog.event(.error, String(line.dropFirst("error: ".count)), requestID: requestID)
        } else {
            RequestLog.event(.warn, line, requestID: requestID)
        }
    }

    /// What the mail routes need, when APP_URL is set: MAIL_COMMAND behind a queue (or inline), MAIL_FROM.
    static func mail(_ configuration: Configuration, inBackground: Bool) -> AccountMail? {
        guard let appURL = configuration.appURL, let sender = configuration.mailSender else { return nil }
        let command = MailCommand(configuration.mailCommand)
        let log: @Sendable (String) -> Void = { RequestLog.event(.error, "mail: \($0)") }
        let clock: @Sendable () -> Int = { Int(wallClockSeconds()) }
        let outbox: any MailOutbox
        if inBackground {
            let queue = MailQueue(command: command, clock: clock, log: log)
            _ = WorkerThread.start { queue.run() }
            outbox = queue
        } else {
            outbox = InlineMail(command: command, clock: clock, log: log)
        }
        return AccountMail(
            appURL: appURL, from: sender, outbox: outbox,
            resetTTLSeconds: Int64(configuration.resetPasswordTTL), trustedOrigins: configuration.corsAllowedOrigins)
    }

    /// EdDSA with SIGNING_KEY_FILE's private JWK, else HS256 with BETTER_AUTH_SECRET.
    static func signer(_ configuration: Configuration) throws -> JWTSigner {
        guard let path = configuration.signingKeyFile else { return .hmac(secret: configuration.secret) }
        guard let data = SystemFiles.read(path), let jwk = try? JSONParser.parse(data)
        else {
            throw KeySourceProblem(description: "cannot read SIGNING_KEY_FILE \(path) as a JSON Web Key")
        }
        do {
            return try JWTSigner.ed25519(privateJWK: jwk)
        } catch {
            throw KeySourceProblem(
                description: "SIGNING_KEY_FILE \(path) is not an Ed25519 private JWK: \(error.reason)")
        }
    }

    /// The public key of an asymmetric signer, so the tokens we issue verify here too.
    static func ownKeys(_ signer: JWTSigner) throws -> [VerificationKey] {
        guard let publicJWK = signer.publicJWK else { return [] }
        return try JWKSet.parse(document: publicJWK).keys
    }

    /// Unix time in seconds from the real-time clock.
    static func wallClockSeconds() -> Double {
        var now = timespec()
        clock_gettime(CLOCK_REALTIME, &now)
        return Double(now.tv_sec) + Double(now.tv_nsec) / 1e9
    }
}
