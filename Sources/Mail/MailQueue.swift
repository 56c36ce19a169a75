import Locks

/// Where a route hands a message: it returns at once and the mail goes out on another thread.
public protocol MailOutbox: Sendable {
    /// Queues `message`; false when it was dropped (the queue is full), which the caller only logs.
    @discardableResult
    func send(_ message: MailMessage) -> Bool
}

/// A bounded queue of messages and the loop that sends them one by one through a `MailCommand`, so a slow or
/// hanging command never holds a request's worker. Start `run()` on a thread of its own.
public final class MailQueue: MailOutbox, @unchecked Sendable {
    // @unchecked: `pending` and `sequence` are touched only inside `condition.locked`.
    private let condition = MonotonicCondition()
    private var pending: [MailMessage] = []
    private var sequence = 0
    private let command: MailCommand
    private let capacity: Int
    private let clock: @Sendable () -> Int
    private let log: @Sendable (String) -> Void

    /// - Parameters:
    ///   - capacity: messages that may wait; any more are dropped (and logged).
    ///   - clock: Unix seconds, for the Date header.
    ///   - log: one line per failure, naming the recipient as `MailMessage.redacted` does, never the text.
    public init(
        command: MailCommand, capacity: Int = 64, clock: @escaping @Sendable () -> Int,
        log: @escaping @Sendable (String) -> Void
    ) {
        self.command = command
        self.capacity = capacity
        self.clock = clock
        self.log = log
    }

    @discardableResult
    public func send(_ message: MailMessage) -> Bool {
        let queued = condition.locked {
            guard pending.count < capacity else { return false }
            pending.append(message)
            condition.signal()
            return true
        }
        if !queued { log("mail to \(MailMessage.redacted(message.to)) dropped: the mail queue is full") }
        return queued
    }

    /// Sends queued messages for ever.
    public func run() -> Never {
        while true { sendNext() }
    }

    /// Waits for a message and sends it.
    func sendNext() {
        let (message, number) = condition.locked {
            while pending.isEmpty { condition.wait(until: .infinity) }
            sequence += 1
            return (pending.removeFirst(), sequence)
        }
        let now = clock()
        let rendered = message.rendered(date: now, messageID: "\(now).\(number).\(SecureToken.hex(8))")
        if let failure = Self.failure(command.run(rendered), command: command) {
            log("mail to \(MailMessage.redacted(message.to)) not sent: \(failure)")
        }
    }

    /// Why `outcome` is not a sent message, for the log; nil when it was sent.
    static func failure(_ outcome: MailCommand.Outcome, command: MailCommand) -> String? {
        switch outcome {
        case .sent: nil
        case .failed(let status): "MAIL_COMMAND exited with status \(status)"
        case .timedOut: "MAIL_COMMAND ran over \(Int(command.timeLimit)) s and was killed"
        case .notStarted(let code): "MAIL_COMMAND could not start (errno \(code))"
        }
    }
}

/// Random hex for Message-IDs (the standard library's system generator).
enum SecureToken {
    static func hex(_ count: Int) -> String {
        let digits = Array("0123456789abcdef".utf8)
        let bytes = (0..<count).map { _ in UInt8.random(in: 0...255) }
        return String(decoding: bytes.flatMap { [digits[Int($0 >> 4)], digits[Int($0 & 15)]] }, as: UTF8.self)
    }
}

/// Sends each message at once, on the caller's thread (CGI mode: the process ends with the request, so a
/// queue would be lost). Failures are logged as `MailQueue` logs them.
public struct InlineMail: MailOutbox {
    let command: MailCommand
    let clock: @Sendable () -> Int
    let log: @Sendable (String) -> Void

    /// `clock` and `log` as for `MailQueue`.
    public init(command: MailCommand, clock: @escaping @Sendable () -> Int, log: @escaping @Sendable (String) -> Void) {
        self.command = command
        self.clock = clock
        self.log = log
    }

    @discardableResult
    public func send(_ message: MailMessage) -> Bool {
        let now = clock()
        let rendered = message.rendered(date: now, messageID: "\(now).\(SecureToken.hex(12))")
        if let failure = MailQueue.failure(command.run(rendered), command: command) {
            log("mail to \(MailMessage.redacted(message.to)) not sent: \(failure)")
        }
        return true
    }
}
