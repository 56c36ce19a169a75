/// The one request HTTPFetch sends: an HTTP/1.0 GET, so the server answers with a length or by closing, not in
/// chunks.
enum Request {
    static func bytes(for url: FetchURL) -> [UInt8] {
        let head =
            "GET \(url.target) HTTP/1.0\r\n"
            + "Host: \(url.hostHeader)\r\n"
            + "Accept: application/json\r\n"
            + "User-Agent: todo-fcgi\r\n"
            + "Connection: close\r\n"
            + "\r\n"
        return Array(head.utf8)
    }
}
