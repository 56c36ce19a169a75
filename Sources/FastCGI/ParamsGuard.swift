import Glibc
import Locks

/// Looks at the params of the next request on a connection before libfcgi reads them, and refuses lengths that
/// would end the process.
///
/// libfcgi's ReadParams allocates `nameLength + valueLength + 2` bytes as soon as a pair's lengths arrive, and
/// asserts that the allocation succeeded: two 4-byte lengths near 2^31 overflow that sum (or exceed memory), and
/// the assertion aborts the whole responder. So a worker first reads ahead with `MSG_PEEK` (nothing is consumed)
/// until it has seen the request's whole PARAMS stream, and admits the connection only when every pair fits in
/// it and the stream is at most `maxParamsBytes` (nginx's params stay far below: its header buffers are 32 KiB
/// by default). A refused connection is closed unanswered, as libfcgi closes one it cannot read.
public enum ParamsGuard {
    /// The most PARAMS content one request may have.
    public static let maxParamsBytes = 65_536
    /// How long a request may take to send its params once it has started, before its connection is closed.
    static let stallSeconds = 10.0

    /// What `scan` makes of the bytes received so far.
    public enum Verdict: Equatable, Sendable {
        /// libfcgi may read them: the params are whole and well-formed, or something else (a bad version, a record
        /// of another type) will make libfcgi refuse the request before any unchecked length.
        case admit
        /// A pair's lengths do not fit, or the params are too long: close the connection.
        case refuse
        /// The params have not all arrived yet.
        case incomplete
    }

    /// True when libfcgi may read the next request on `connection` (blocking until its params have arrived, the
    /// peer stopped sending, or `stallSeconds` passed).
    public static func admits(_ connection: Int32) -> Bool {
        var capacity = 4096
        var buffer = [UInt8](repeating: 0, count: capacity)
        var seen = -1
        var pause: UInt32 = 1000
        let deadline = MonotonicCondition.now() + stallSeconds
        while true {
            let count = buffer.withUnsafeMutableBytes { recv(connection, $0.baseAddress, capacity, Int32(MSG_PEEK)) }
            // A signal only comes to stop the server: the request is dropped, as an interrupted libfcgi read would be.
            if count < 0 && errno == EINTR { return false }
            if count <= 0 { return true }  // end of file or an error: libfcgi's read fails the same way
            let verdict = buffer.withUnsafeBytes { scan(UnsafeRawBufferPointer(rebasing: $0[..<count])) }
            if verdict != .incomplete { return verdict == .admit }
            if count == capacity {  // more may be waiting: look at all of it
                guard capacity < maxParamsBytes * 2 else { return false }
                capacity *= 4
                buffer = [UInt8](repeating: 0, count: capacity)
                continue
            }
            if count == seen {
                if peerStoppedSending(connection) { return finalVerdict(buffer, count) }
                if MonotonicCondition.now() > deadline { return false }
                if usleep(pause) != 0 { return false }
                pause = min(pause * 2, 50_000)
            } else {
                pause = 1000
            }
            seen = count
        }
    }

    /// Whether the peer shut down its side (nothing more will come).
    private static func peerStoppedSending(_ connection: Int32) -> Bool {
        let hangUp: Int16 = 0x2000  // POLLRDHUP, which Swift's Glibc module leaves out (it needs _GNU_SOURCE)
        var poller = pollfd(fd: connection, events: Int16(POLLIN) | hangUp, revents: 0)
        return poll(&poller, 1, 0) == 1 && poller.revents & (hangUp | Int16(POLLHUP) | Int16(POLLERR)) != 0
    }

    /// No more bytes will come: libfcgi reads up to the end and fails there, unless a length seen so far is too big.
    private static func finalVerdict(_ buffer: [UInt8], _ count: Int) -> Bool {
        buffer.withUnsafeBytes { scan(UnsafeRawBufferPointer(rebasing: $0[..<count]), ended: true) } != .refuse
    }

    /// Judges the records at the start of a connection's pending bytes as libfcgi will read them: records of
    /// other requests are skipped; a BEGIN_REQUEST's padding is not (libfcgi reads the next header right after
    /// its body); FCGI_GET_VALUES content is read as pairs; the content of another management record after
    /// BEGIN_REQUEST is read as params; PARAMS of the request are collected up to their empty record and their
    /// pairs checked. With `ended`, nothing more will come: what has arrived is checked as far as it goes.
    public static func scan(_ bytes: UnsafeRawBufferPointer, ended: Bool = false) -> Verdict {
        var offset = 0
        var request: Int?
        var params: [UInt8] = []
        while bytes.count - offset >= 8 {
            guard bytes[offset] == 1 else { return check(params, final: false) }  // libfcgi refuses the version
            let type = bytes[offset + 1]
            let id = Int(bytes[offset + 2]) << 8 | Int(bytes[offset + 3])
            let length = Int(bytes[offset + 4]) << 8 | Int(bytes[offset + 5])
            let content = (offset + 8)..<min(offset + 8 + length, bytes.count)
            if type == 1 && request == nil {
                // libfcgi refuses a BEGIN_REQUEST of another size or on id 0 before reading any params.
                guard id != 0, length == 8 else { return .admit }
                request = id
                offset += 16
                continue
            }
            let end = offset + 8 + length + Int(bytes[offset + 6])
            let whole = end <= bytes.count
            // libfcgi reads a record's content as it arrives: a pair's lengths may already be in a part of it.
            guard whole || ended else { break }
            if id == 0 && type == 9 {
                if check(Array(bytes[content]), final: false) == .refuse { return .refuse }
            } else if id == 0 && request != nil {
                params += bytes[content]
            } else if let request, id == request, type != 1 {
                guard type == 4 else { return check(params, final: false) }  // libfcgi stops at another type
                if length == 0 { return check(params, final: true) }
                params += bytes[content]
            }
            if params.count > maxParamsBytes { return .refuse }
            guard whole else { break }
            offset = end
        }
        if ended { return check(params, final: false) }
        return .incomplete
    }

    /// Checks name-value pairs: every pair's lengths must fit in `maxParamsBytes` and, when `final` (the whole
    /// stream), in what is left of it.
    static func check(_ params: [UInt8], final: Bool) -> Verdict {
        var offset = 0
        func length() -> Int? {
            guard offset < params.count else { return nil }
            if params[offset] & 0x80 == 0 {
                offset += 1
                return Int(params[offset - 1])
            }
            guard params.count - offset >= 4 else { return nil }
            let value = params[offset..<(offset + 4)].reduce(0) { $0 << 8 | Int($1) } & 0x7FFF_FFFF
            offset += 4
            return value
        }
        while offset < params.count {
            guard let name = length() else { return final ? .refuse : .admit }
            guard let value = length() else { return final ? .refuse : .admit }
            guard name + value <= maxParamsBytes else { return .refuse }
            guard name + value <= params.count - offset else { return final ? .refuse : .admit }
            offset += name + value
        }
        return .admit
    }
}
