"""Password NFKC (GNU libunistring's u8_normalize in the server) against Python's unicodedata.normalize("NFKC"),
through the binary's hidden `nfkc-check` helper: every code point assigned in both Unicode databases, one by one,
and a corpus of composed, decomposed, Hangul and combining-sequence strings.

Compared code points: those whose general category is not Cn in Python's database *and* in libunistring's (the
helper lists the latter), minus the surrogates (Cs), which no UTF-8 string holds. Code points assigned in only
one of the two are printed, not compared."""

from __future__ import annotations

import random
import subprocess
import sys
import unicodedata

from conftest import TODO_FCGI_BIN

# The Unicode version each libunistring release implements (its NEWS file).
LIBUNISTRING_UNICODE = {"1.0": "14.0.0", "1.1": "15.0.0", "1.2": "15.1.0", "1.3": "16.0.0"}


def nfkc_in_server(strings: list[str]) -> list[str]:
    stdin = "".join(s.encode().hex() + "\n" for s in strings)
    proc = subprocess.run([str(TODO_FCGI_BIN), "nfkc-check"], input=stdin, capture_output=True, text=True,
                          timeout=300, check=True)
    lines = proc.stdout.splitlines()
    assert len(lines) == len(strings)
    return [bytes.fromhex(line).decode() for line in lines]


def libunistring_assigned() -> tuple[str, set[int]]:
    proc = subprocess.run([str(TODO_FCGI_BIN), "nfkc-check", "--assigned"], capture_output=True, text=True,
                          timeout=300, check=True)
    first, *rest = proc.stdout.splitlines()
    assert first.startswith("libunistring ")
    return first.split()[1], {int(line, 16) for line in rest}


def python_assigned() -> set[int]:
    return {cp for cp in range(0x110000) if unicodedata.category(chr(cp)) != "Cn"}


def compared_code_points() -> list[int]:
    version, theirs = libunistring_assigned()
    ours = python_assigned()
    print(f"Python {sys.version.split()[0]}: Unicode {unicodedata.unidata_version}, {len(ours)} assigned; "
          f"libunistring {version}: Unicode {LIBUNISTRING_UNICODE.get(version, '?')}, {len(theirs)} assigned")
    for name, only in (("only Python", ours - theirs), ("only libunistring", theirs - ours)):
        print(f"assigned in {name}: {len(only)}", " ".join(f"U+{cp:04X}" for cp in sorted(only)[:200]))
    both = sorted(cp for cp in ours & theirs if unicodedata.category(chr(cp)) != "Cs")
    assert len(both) > 250_000  # the planes' letters, symbols and private use areas
    return both


def test_every_code_point_assigned_in_both_normalizes_as_python_does():
    code_points = compared_code_points()
    strings = [chr(cp) for cp in code_points]
    got = nfkc_in_server(strings)
    wrong = [f"U+{ord(s):04X}: {got[i].encode().hex()} != {unicodedata.normalize('NFKC', s).encode().hex()}"
             for i, s in enumerate(strings) if got[i] != unicodedata.normalize("NFKC", s)]
    assert wrong == [], f"{len(wrong)} differ: {wrong[:20]}"


def corpus(code_points: list[int]) -> list[str]:
    fixed = [
        "", "plain", "ｆｕｌｌ", "ﬁ", "①", "Cafe\u0301", "Caf\u00e9", "A\u030a", "\u212b", "\u1e9b\u0323",
        "a\u0323\u0302", "a\u0302\u0323", "\u1ea0\u0302", "q\u0307\u0323", "\u0344", "\u0f73", "\u0f75",
        "\u1100\u1161", "\u1100\u1161\u11a8", "\uac00\u11a8", "\ud55c\uad6d\uc5b4", "\u1112\u1161\u11ab",
        "\u3131\u314f", "\u3200", "\u321d", "\u33c0", "\ufdfa", "\ufb2c", "\u2460\u2474\u2488", "\u00bd\u2153",
        "x\u0301\u0300\u0301\u0327\u0301", "\u0041\u0338\u0301", "\u05d0\u05b7\u05bc", "\u0915\u093c",
        "\u09c7\u09be", "\u0b47\u0b3e", "\u1025\u102e", "\U0001d400\U0001d7ce", "\U0002f800", "e\u0308\u0304",
        "\u03a9\u0301\u0345", "\u1f00\u0345", "Ǆ", "㍿", "ｶﾞ", "\uff76\uff9e", "\u2126", "K\u212a",
    ]
    rng = random.Random(17)
    marks = [cp for cp in code_points if unicodedata.combining(chr(cp))]
    jamo = list(range(0x1100, 0x1113)) + list(range(0x1161, 0x1176)) + list(range(0x11a8, 0x11c3))
    randoms = []
    for _ in range(20_000):
        pool = rng.choice([code_points, marks, jamo, marks + jamo + list(range(0x41, 0x7b))])
        randoms.append("".join(chr(rng.choice(pool)) for _ in range(rng.randint(1, 12))))
    decomposed = [unicodedata.normalize(form, s) for s in fixed + randoms[:5000] for form in ("NFD", "NFKD")]
    return fixed + randoms + decomposed


def test_corpus_of_composed_and_decomposed_strings_normalizes_as_python_does():
    strings = corpus(compared_code_points())
    got = nfkc_in_server(strings)
    wrong = [(s.encode().hex(), got[i].encode().hex(), unicodedata.normalize("NFKC", s).encode().hex())
             for i, s in enumerate(strings) if got[i] != unicodedata.normalize("NFKC", s)]
    assert wrong == [], f"{len(wrong)} differ (input, server, python): {wrong[:20]}"
    assert got[strings.index("ｆｕｌｌ")] == "full"  # the helper really normalizes
