"""A FastCGI client written from the specification (https://fastcgi-archives.github.io/FastCGI_Specification.html),
for tests that talk to the responder's socket directly, without nginx: records are built byte by byte so that a
test can send what nginx never would (a negative CONTENT_LENGTH, params one byte per record, unknown record types,
a connection cut in the middle of a record).
"""

from __future__ import annotations

import socket
import struct
from dataclasses import dataclass, field

VERSION = 1
BEGIN_REQUEST, ABORT_REQUEST, END_REQUEST, PARAMS, STDIN, STDOUT, STDERR, DATA = 1, 2, 3, 4, 5, 6, 7, 8
GET_VALUES, GET_VALUES_RESULT, UNKNOWN_TYPE = 9, 10, 11
RESPONDER = 1
KEEP_CONN = 1


def record(type_: int, content: bytes = b"", request_id: int = 1, padding: int = 0) -> bytes:
    """One record: the 8-byte header, the content (at most 65535 bytes) and `padding` zero bytes."""
    assert len(content) <= 0xFFFF
    return struct.pack(">BBHHBx", VERSION, type_, request_id, len(content), padding) + content + b"\0" * padding


def begin_request(request_id: int = 1, role: int = RESPONDER, flags: int = 0) -> bytes:
    return record(BEGIN_REQUEST, struct.pack(">HB5x", role, flags), request_id)


def _length(n: int) -> bytes:
    return bytes([n]) if n < 0x80 else struct.pack(">I", n | 0x80000000)


def name_values(pairs) -> bytes:
    """The name-value pair encoding of PARAMS content: `pairs` is a list of (name, value), str or bytes."""
    out = b""
    for name, value in pairs:
        name = name.encode() if isinstance(name, str) else name
        value = value.encode() if isinstance(value, str) else value
        out += _length(len(name)) + _length(len(value)) + name + value
    return out


def stream(type_: int, data: bytes, chunk: int = 0xFFFF, request_id: int = 1, end: bool = True) -> bytes:
    """`data` as records of `type_` of at most `chunk` bytes each, then (with `end`) the empty record that ends
    the stream."""
    out = b"".join(record(type_, data[i:i + chunk], request_id) for i in range(0, len(data), chunk))
    return out + (record(type_, b"", request_id) if end else b"")


def nginx_params(method: str | None = "GET", uri: str | None = "/api/health", *, body: bytes = b"",
                 content_length: str | None = None, authorization: str | None = None, extra=()) -> list:
    """The params nginx's snippet sends (less the ones the responder ignores). None leaves a name out;
    CONTENT_LENGTH defaults to the body's length (empty without a body, as nginx sends it)."""
    pairs = [("GATEWAY_INTERFACE", "CGI/1.1"), ("SERVER_PROTOCOL", "HTTP/1.1")]
    if method is not None:
        pairs.append(("REQUEST_METHOD", method))
    if uri is not None:
        pairs.append(("REQUEST_URI", uri))
    pairs.append(("CONTENT_TYPE", "application/json" if body else ""))
    if content_length is None:
        content_length = str(len(body)) if body else ""
    pairs.append(("CONTENT_LENGTH", content_length))
    pairs += [("REMOTE_ADDR", "127.0.0.1"), ("REQUEST_ID", "0123456789abcdef0123456789abcdef")]
    if authorization is not None:
        pairs.append(("HTTP_AUTHORIZATION", authorization))
    return pairs + list(extra)


def request_bytes(pairs, body: bytes = b"", *, flags: int = 0, params_chunk: int = 0xFFFF,
                  stdin_chunk: int = 0xFFFF) -> bytes:
    """A whole request as nginx frames it: BEGIN_REQUEST, PARAMS records and their end, STDIN records and their
    end."""
    params = stream(PARAMS, name_values(pairs), params_chunk)
    return begin_request(flags=flags) + params + stream(STDIN, body, stdin_chunk)


@dataclass
class Answer:
    """What came back on a connection: the STDOUT stream, whether END_REQUEST arrived, and whether the responder
    closed the connection (EOF or reset) before or after it."""
    stdout: bytes = b""
    ended: bool = False
    closed: bool = False
    protocol_status: int | None = None
    other_records: list = field(default_factory=list)

    @property
    def status(self) -> int | None:
        """The code of the CGI `Status:` line at the start of STDOUT, or None without one."""
        if not self.stdout.startswith(b"Status: "):
            return None
        code = self.stdout[8:11]
        return int(code) if code.isdigit() else None

    @property
    def body(self) -> bytes:
        return self.stdout.partition(b"\r\n\r\n")[2]

    def describe(self) -> str:
        return (f"status={self.status} ended={self.ended} closed={self.closed} "
                f"other={self.other_records} stdout={self.stdout[:300]!r}")


def connect(path, timeout: float = 10.0) -> socket.socket:
    s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    s.settimeout(timeout)
    s.connect(str(path))
    return s


def _read_exactly(s: socket.socket, n: int) -> bytes | None:
    data = b""
    while len(data) < n:
        chunk = s.recv(n - len(data))
        if not chunk:
            return None
        data += chunk
    return data


def read_answer(s: socket.socket, request_id: int = 1) -> Answer:
    """Reads records until END_REQUEST of `request_id` or until the responder closes the connection. A timeout
    (socket.timeout) propagates: an answer that never comes is a hang, not a closed connection."""
    answer = Answer()
    try:
        while True:
            header = _read_exactly(s, 8)
            if header is None:
                answer.closed = True
                return answer
            version, type_, rid, length, padding = struct.unpack(">BBHHBx", header)
            content = _read_exactly(s, length + padding)
            if content is None:
                answer.closed = True
                return answer
            content = content[:length]
            if type_ == STDOUT and rid == request_id:
                answer.stdout += content
            elif type_ == END_REQUEST and rid == request_id:
                answer.ended = True
                answer.protocol_status = content[4] if len(content) > 4 else None
                return answer
            else:
                answer.other_records.append((type_, rid, content))
    except ConnectionResetError:
        answer.closed = True
        return answer


def exchange(path, data: bytes, *, half_close: bool = True, timeout: float = 10.0) -> Answer:
    """Sends `data` on a fresh connection, then shuts down our side for writing, as a client that stops sending
    would, and returns what came back; without `half_close`, closes the connection at once instead (nothing can
    come back: the answer says closed)."""
    with connect(path, timeout) as s:
        try:
            s.sendall(data)
        except (BrokenPipeError, ConnectionResetError):
            return Answer(closed=True)
        if not half_close:
            return Answer(closed=True)
        s.shutdown(socket.SHUT_WR)
        return read_answer(s)
