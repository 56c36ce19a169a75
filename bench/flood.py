#!/usr/bin/env python3
"""A bounded flood of wrong passwords, and what it does to the other routes (scripts/bench.sh, BENCH_FLOOD).

Usage: flood.py --base http://127.0.0.1:PORT --label TEXT --user ID --token JWT [--seconds 10] [--parallel 64]
                [--addresses 32] --out FILE

Signs up one account (from 127.0.0.1), then for SECONDS keeps PARALLEL connections busy on each password route
(wrong-password sign-in, wrong-password delete-user with the account's token, sign-up with the account's email),
each connection from one of ADDRESSES loopback source addresses (127.0.0.2 ...), which nginx sees as as many
clients ($remote_addr). Meanwhile two probes from 127.0.0.1, each in a process of its own (in the flood's process
they would measure its 192 threads queueing for Python's GIL, not the server), one request after the other in a
loop: GET /api/health, and GET /api/USER/tasks?limit=20 with TOKEN. After SECONDS no new request starts; those in flight finish (each has a
60 s timeout). Python's standard library only.

Appends to FILE, tab-separated, one row per probe and one for the flood:
  LABEL  health|list  count  p50_ms  p99_ms  max_ms  failed (not 200, or no answer)
  LABEL  flood        count  -       -       -       statuses (e.g. "401:120 400:98 429:5210")
and prints a summary on stderr.
"""

from __future__ import annotations

import argparse
import http.client
import json
import multiprocessing
import sys
import threading
import time
import uuid
from urllib.parse import urlsplit

PROBE_PAUSE = 0.05  # seconds between two requests of one probe


class Connection:
    """One kept-alive HTTP/1.1 connection from a given source address; reopened after an error."""

    def __init__(self, host: str, port: int, source: str | None, timeout: float):
        self.host, self.port, self.timeout = host, port, timeout
        self.source = (source, 0) if source else None
        self.conn: http.client.HTTPConnection | None = None

    def request(self, method: str, path: str, body: dict | None = None, headers: dict | None = None):
        """(status or an error's name, seconds)."""
        data = json.dumps(body).encode() if body is not None else None
        hdrs = {"Content-Type": "application/json"} if data is not None else {}
        hdrs.update(headers or {})
        started = time.monotonic()
        try:
            if self.conn is None:
                self.conn = http.client.HTTPConnection(self.host, self.port, timeout=self.timeout,
                                                       source_address=self.source)
            self.conn.request(method, path, body=data, headers=hdrs)
            response = self.conn.getresponse()
            response.read()
            if response.getheader("Connection", "").lower() == "close":
                self.close()
            return response.status, time.monotonic() - started
        except (OSError, http.client.HTTPException) as e:
            self.close()
            return type(e).__name__, time.monotonic() - started

    def close(self) -> None:
        if self.conn is not None:
            self.conn.close()
            self.conn = None


def probe(name: str, host: str, port: int, path: str, headers: dict, start_at: float, stop_at: float,
          results) -> None:
    """One probe, in a process of its own: requests from start_at to stop_at (CLOCK_MONOTONIC, shared by all the
    processes of the host), each PROBE_PAUSE after the last answer; puts (name, seconds of each, failures)."""
    conn = Connection(host, port, None, 60.0)
    while time.monotonic() < start_at:
        time.sleep(0.001)
    times: list[float] = []
    failed = 0
    while time.monotonic() < stop_at:
        status, seconds = conn.request("GET", path, None, headers)
        times.append(seconds)
        failed += status != 200
        time.sleep(PROBE_PAUSE)
    conn.close()
    results.put((name, times, failed))


def percentile(sorted_values: list[float], fraction: float) -> float:
    if not sorted_values:
        return float("nan")
    index = min(len(sorted_values) - 1, max(0, int(round(fraction * len(sorted_values) + 0.5)) - 1))
    return sorted_values[index]


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--base", required=True)
    ap.add_argument("--label", required=True)
    ap.add_argument("--user", required=True)
    ap.add_argument("--token", required=True)
    ap.add_argument("--seconds", type=float, default=10.0)
    ap.add_argument("--parallel", type=int, default=64, help="connections per password route")
    ap.add_argument("--addresses", type=int, default=32)
    ap.add_argument("--out", required=True)
    args = ap.parse_args()
    url = urlsplit(args.base)
    host, port = url.hostname, url.port or 80

    # the account whose password the flood gets wrong
    email = f"flood-{uuid.uuid4().hex[:12]}@example.com"
    setup = Connection(host, port, None, 60.0)
    status, _ = setup.request("POST", "/api/auth/sign-up/email",
                              {"name": "Flood Target", "email": email, "password": "the-right-password"})
    if status != 200:
        print(f"flood: sign-up answered {status}", file=sys.stderr)
        return 1
    setup.close()
    # its token, for delete-user: sign in (one hash, before the flood starts)
    body = json.dumps({"email": email, "password": "the-right-password"}).encode()
    c = http.client.HTTPConnection(host, port, timeout=60)
    c.request("POST", "/api/auth/sign-in/email", body=body, headers={"Content-Type": "application/json"})
    response = c.getresponse()
    victim_token = json.loads(response.read())["token"] if response.status == 200 else None
    c.close()
    if victim_token is None:
        print(f"flood: sign-in answered {response.status}", file=sys.stderr)
        return 1

    routes = [
        ("POST", "/api/auth/sign-in/email", {"email": email, "password": "a-wrong-password"}, {}),
        ("POST", "/api/auth/delete-user", {"password": "a-wrong-password"},
         {"Authorization": f"Bearer {victim_token}"}),
        ("POST", "/api/auth/sign-up/email", {"name": "Again", "email": email, "password": "another-password"}, {}),
    ]
    statuses: dict[str, int] = {}
    lock = threading.Lock()
    start_at = time.monotonic() + 1.0  # every flood connection and both probes start together
    stop_at = start_at + args.seconds

    # The probes are forked before any thread of this process exists.
    context = multiprocessing.get_context("fork")
    results = context.Queue()
    probes = [
        context.Process(target=probe, args=("health", host, port, "/api/health", {}, start_at, stop_at, results)),
        context.Process(target=probe, args=("list", host, port, f"/api/{args.user}/tasks?limit=20",
                                            {"Authorization": f"Bearer {args.token}"}, start_at, stop_at, results)),
    ]
    for p in probes:
        p.start()

    def flooder(i: int) -> None:
        method, path, body, headers = routes[i % len(routes)]
        conn = Connection(host, port, f"127.0.0.{2 + (i // len(routes)) % args.addresses}", 60.0)
        seen: dict[str, int] = {}
        while time.monotonic() < start_at:
            time.sleep(0.001)
        while time.monotonic() < stop_at:
            status, _ = conn.request(method, path, body, headers)
            seen[str(status)] = seen.get(str(status), 0) + 1
        conn.close()
        with lock:
            for k, v in seen.items():
                statuses[k] = statuses.get(k, 0) + v

    threads = [threading.Thread(target=flooder, args=(i,)) for i in range(len(routes) * args.parallel)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    probe_times: dict[str, list[float]] = {}
    probe_failed: dict[str, int] = {}
    for _ in probes:
        name, times, failed = results.get(timeout=120)
        probe_times[name], probe_failed[name] = times, failed
    for p in probes:
        p.join()
    drained = time.monotonic() - start_at

    rows = []
    for name in ("health", "list"):
        times = sorted(probe_times[name])
        rows.append([args.label, name, str(len(times)), f"{percentile(times, 0.5) * 1000:.1f}",
                     f"{percentile(times, 0.99) * 1000:.1f}", f"{(times[-1] if times else float('nan')) * 1000:.1f}",
                     str(probe_failed[name])])
    flood_total = sum(statuses.values())
    rows.append([args.label, "flood", str(flood_total), "-", "-", "-",
                 " ".join(f"{k}:{v}" for k, v in sorted(statuses.items()))])
    with open(args.out, "a") as out:
        for row in rows:
            out.write("\t".join(row) + "\n")
    for row in rows:
        print("flood: " + "  ".join(row), file=sys.stderr)
    print(f"flood: {args.label}: {len(routes) * args.parallel} connections over {args.addresses} addresses for "
          f"{args.seconds:g} s; everything answered after {drained:.1f} s", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
