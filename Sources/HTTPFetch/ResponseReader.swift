/// Buffered reading of a response: CRLF-terminated lines, exact byte counts, and everything up to the close.
struct ResponseReader {
    private static let receiveSize = 16_384

    private let transport: any ByteTransport
    private var buffer: [UInt8] = []
    private var position = 0
    private var reachedEnd = false

    init(_ transport: any ByteTransport) {
        self.transport = transport
    }

    /// True when the peer has closed and every byte it sent has been consumed.
    mutating func isExhausted() throws(HTTPFetchError) -> Bool {
        if position == buffer.count && !reachedEnd { try fill() }
        return position == buffer.count
    }

    /// The next line without its CRLF. `limit` bounds the line including the CRLF; a longer line throws `tooLong`,
    /// and a bare LF or the stream ending first is an error too.
    mutating func line(limit: Int, tooLong: HTTPFetchError) throws(HTTPFetchError) -> [UInt8] {
        var scanned = position
        while true {
            if let newline = buffer[scanned...].firstIndex(of: UInt8(ascii: "\n")) {
                let length = newline + 1 - position
                guard length <= limit else { throw tooLong }
                guard newline > position, buffer[newline - 1] == UInt8(ascii: "\r") else {
                    throw HTTPFetchError("the response has a line that does not end in CRLF")
                }
                let line = Array(buffer[position..<(newline - 1)])
                consume(length)
                return line
            }
            guard buffer.count - position < limit else { throw tooLong }
            scanned = buffer.count
            try fillOrFail()
        }
    }

    /// Exactly `count` bytes; the stream ending first is an error.
    mutating func bytes(count: Int) throws(HTTPFetchError) -> [UInt8] {
        while buffer.count - position < count { try fillOrFail() }
        let bytes = Array(buffer[position..<(position + count)])
        consume(count)
        return bytes
    }

    /// Every remaining byte up to the close; more than `limit` is an error.
    mutating func remainder(limit: Int) throws(HTTPFetchError) -> [UInt8] {
        while !reachedEnd {
            guard buffer.count - position <= limit else { throw ResponseBody.tooLarge(limit) }
            try fill()
        }
        guard buffer.count - position <= limit else { throw ResponseBody.tooLarge(limit) }
        let bytes = Array(buffer[position...])
        consume(bytes.count)
        return bytes
    }

    private mutating func consume(_ count: Int) {
        position += count
        if position == buffer.count {
            buffer.removeAll(keepingCapacity: true)
            position = 0
        } else if position >= Self.receiveSize {
            buffer.removeFirst(position)
            position = 0
        }
    }

    private mutating func fillOrFail() throws(HTTPFetchError) {
        guard !reachedEnd else { throw HTTPFetchError("the connection closed before the response was complete") }
        try fill()
        guard !reachedEnd else { throw HTTPFetchError("the connection closed before the response was complete") }
    }

    private mutating func fill() throws(HTTPFetchError) {
        let received = try transport.receive(maximum: Self.receiveSize)
        if received.isEmpty {
            reachedEnd = true
        } else {
            buffer += received
        }
    }
}
