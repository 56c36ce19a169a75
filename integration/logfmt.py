"""A parser for the responder's logfmt lines (`ts=… level=info rid=… msg="…"`), strict enough that a test reading
the log through it also checks its form: every field is key=value, a quoted value ends on its quote."""

import re

_ESCAPES = {'"': '"', "\\": "\\", "n": "\n", "r": "\r", "t": "\t"}
_KEY = re.compile(r"[a-z_]+")


def parse(line: str) -> dict[str, str]:
    """The fields of one line, in order; ValueError when the line is not logfmt."""
    fields: dict[str, str] = {}
    i = 0
    while i < len(line):
        key = _KEY.match(line, i)
        if not key or key.end() >= len(line) or line[key.end()] != "=":
            raise ValueError(f"not logfmt at {i}: {line!r}")
        i = key.end() + 1
        if i < len(line) and line[i] == '"':
            value, i = _quoted(line, i + 1)
        else:
            end = line.find(" ", i)
            end = len(line) if end < 0 else end
            value, i = line[i:end], end
            if not value or any(c in value for c in '"=\\'):
                raise ValueError(f"bad bare value {value!r} in {line!r}")
        if key.group() in fields:
            raise ValueError(f"field {key.group()} twice in {line!r}")
        fields[key.group()] = value
        if i < len(line):
            if line[i] != " ":
                raise ValueError(f"no space after a field in {line!r}")
            i += 1
    return fields


def _quoted(line: str, i: int) -> tuple[str, int]:
    out = []
    while i < len(line):
        c = line[i]
        if c == '"':
            return "".join(out), i + 1
        if c == "\\":
            nxt = line[i + 1:i + 2]
            if nxt in _ESCAPES:
                out.append(_ESCAPES[nxt])
                i += 2
                continue
            m = re.match(r"u\{([0-9a-f]{1,6})\}", line[i + 1:])
            if not m:
                raise ValueError(f"bad escape in {line!r}")
            out.append(chr(int(m.group(1), 16)))
            i += 1 + m.end()
            continue
        out.append(c)
        i += 1
    raise ValueError(f"unterminated quote in {line!r}")


def records(text: str) -> list[dict[str, str]]:
    """Every line of `text` that starts with `ts=`, parsed (other lines, such as a crash report, are skipped)."""
    return [parse(line) for line in text.splitlines() if line.startswith("ts=")]
