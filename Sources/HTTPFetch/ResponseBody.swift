/// Reading a response body by its framing, within a size limit.
enum ResponseBody {
    /// The body framed as `framing`; more than `limit` bytes is an error.
    static func read(
        _ framing: BodyFraming, from reader: inout ResponseReader, limit: Int
    ) throws(HTTPFetchError) -> [UInt8] {
        switch framing {
        case .empty:
            return []
        case .length(let length):
            guard length <= limit else { throw tooLarge(limit) }
            return try reader.bytes(count: length)
        case .chunked:
            return try ChunkedBody.read(from: &reader, limit: limit)
        case .untilClose:
            return try reader.remainder(limit: limit)
        }
    }

    /// The error for a body over the limit.
    static func tooLarge(_ limit: Int) -> HTTPFetchError {
        HTTPFetchError("the response body is larger than the limit of \(limit) bytes")
    }
}
