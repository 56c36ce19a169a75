#!/usr/bin/env python3
"""Seed a migrated todo-fcgi database for `make bench` and mint the tokens that wrk rotates through.

Writes straight into the schema of Sources/Storage/Migration.swift (table `tasks`) in one transaction, then mints
with PyJWT (an independent library) one HS256 token (BETTER_AUTH_SECRET) and one EdDSA token (the private JWK made
by `todo-fcgi keygen --kid bench`) per user.

Outputs:
  --users-out     one line per user for bench/wrk/api.lua: USER HS256_TOKEN EDDSA_TOKEN FIRST_TASK_ID TASK_COUNT
  --jwks-out      a JWK Set with the EdDSA public key (the responder's JWKS_FILE)
  --fixtures-out  keys and tokens for `todo-bench verify` (HS256, EdDSA, ES256, RS256, PS256; signed here)
  --csv-out       (optional) the seeded tasks as CSV, ids included, for PostgreSQL's COPY: the PostgreSQL column
                  of `make bench` serves the very same rows
"""

from __future__ import annotations

import argparse
import csv
import json
import sqlite3
import time

import jwt
from cryptography.hazmat.primitives.asymmetric import ec, rsa

WORDS = ("buy", "milk", "write", "report", "call", "plumber", "review", "pull", "request", "water", "plants",
         "book", "flights", "pay", "invoice", "clean", "garage", "renew", "passport", "fix", "bike")


def seed(db_path: str, users: list[str], per_user: int) -> list[tuple[str, int, int]]:
    con = sqlite3.connect(db_path, isolation_level=None)
    con.execute("PRAGMA synchronous = OFF")
    now_ms = int(time.time() * 1000)

    def rows():
        for u, user in enumerate(users):
            for k in range(per_user):
                title = f"{WORDS[(u + k) % len(WORDS)].capitalize()} {WORDS[(u * 7 + k * 3) % len(WORDS)]} #{k}"
                description = None if k % 4 == 0 else f"Task {k} of {user}: {WORDS[k % len(WORDS)]} and more"
                created = now_ms - (per_user - k) * 1000 - u
                yield user, title, description, 1 if k % 3 == 0 else 0, created, created

    con.execute("BEGIN")
    con.executemany(
        "INSERT INTO tasks (user_id, title, description, completed, created_at, updated_at) VALUES (?,?,?,?,?,?)",
        rows())
    con.execute("COMMIT")
    spans = {}
    for user, first, last, count in con.execute(
            "SELECT user_id, min(id), max(id), count(*) FROM tasks GROUP BY user_id"):
        spans[user] = (first, last, count)
    con.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    con.close()
    # The Lua script picks task FIRST + (n mod COUNT): each user's ids must be contiguous (a fresh database).
    out = []
    for user in users:
        first, last, count = spans[user]
        if last - first + 1 != count:
            raise SystemExit(f"seed: the task ids of {user} are not contiguous; seed an empty database")
        out.append((user, first, count))
    return out


def export_csv(db_path: str, csv_path: str) -> None:
    """The tasks table as CSV in the column order id, user_id, title, description, completed, created_at,
    updated_at; a NULL description is an unquoted empty field, which COPY reads as NULL."""
    con = sqlite3.connect(db_path)
    with open(csv_path, "w", newline="") as f:
        w = csv.writer(f)
        for row in con.execute("SELECT id, user_id, title, description, completed, created_at, updated_at "
                               "FROM tasks ORDER BY id"):
            w.writerow(row)
    con.close()


def public_jwk(private: dict) -> dict:
    return {k: v for k, v in private.items() if k in ("kty", "crv", "x", "kid", "alg", "use")}


def fixtures(secret: str, ed_private: dict, now: int, exp: int) -> dict:
    claims = {"sub": "bench-micro", "iat": now, "exp": exp}
    ed_key = jwt.PyJWK(ed_private).key
    ec_key = ec.generate_private_key(ec.SECP256R1())
    rsa_key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    keys = [public_jwk(ed_private)]
    for kid, alg, key, cls in (("micro-es256", "ES256", ec_key, jwt.algorithms.ECAlgorithm),
                               ("micro-rs256", "RS256", rsa_key, jwt.algorithms.RSAAlgorithm),
                               ("micro-ps256", "PS256", rsa_key, jwt.algorithms.RSAPSSAlgorithm)):
        jwk = json.loads(cls.to_jwk(key.public_key()))
        jwk.update({"kid": kid, "alg": alg, "use": "sig"})
        keys.append(jwk)
    tokens = {
        "HS256": jwt.encode(claims, secret, algorithm="HS256"),
        "EdDSA": jwt.encode(claims, ed_key, algorithm="EdDSA", headers={"kid": ed_private["kid"]}),
        "ES256": jwt.encode(claims, ec_key, algorithm="ES256", headers={"kid": "micro-es256"}),
        "RS256": jwt.encode(claims, rsa_key, algorithm="RS256", headers={"kid": "micro-rs256"}),
        "PS256": jwt.encode(claims, rsa_key, algorithm="PS256", headers={"kid": "micro-ps256"}),
    }
    return {"secret": secret, "jwks": {"keys": keys}, "tokens": tokens}


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--db", required=True)
    p.add_argument("--users", type=int, default=1000)
    p.add_argument("--tasks", type=int, default=100_000, help="total tasks, spread evenly over the users")
    p.add_argument("--secret", required=True)
    p.add_argument("--ed-key", required=True, help="private Ed25519 JWK from todo-fcgi keygen")
    p.add_argument("--ttl", type=int, default=7200, help="token lifetime in seconds")
    p.add_argument("--users-out", required=True)
    p.add_argument("--jwks-out", required=True)
    p.add_argument("--fixtures-out", required=True)
    p.add_argument("--csv-out", help="also write the tasks as CSV for PostgreSQL's COPY")
    a = p.parse_args()

    per_user = max(1, a.tasks // a.users)
    users = [f"bench-u{i:05d}" for i in range(a.users)]
    started = time.monotonic()
    spans = seed(a.db, users, per_user)
    seeded = time.monotonic() - started
    if a.csv_out:
        export_csv(a.db, a.csv_out)

    with open(a.ed_key) as f:
        ed_private = json.load(f)
    ed_key = jwt.PyJWK(ed_private).key
    kid = ed_private["kid"]
    now = int(time.time())
    exp = now + a.ttl
    with open(a.users_out, "w") as out:
        for user, first, count in spans:
            claims = {"sub": user, "iat": now, "exp": exp}
            hs = jwt.encode(claims, a.secret, algorithm="HS256")
            ed = jwt.encode(claims, ed_key, algorithm="EdDSA", headers={"kid": kid})
            out.write(f"{user} {hs} {ed} {first} {count}\n")
    with open(a.jwks_out, "w") as out:
        json.dump({"keys": [public_jwk(ed_private)]}, out)
    with open(a.fixtures_out, "w") as out:
        json.dump(fixtures(a.secret, ed_private, now, exp), out)
    print(f"seeded {len(users)} users x {per_user} tasks in {seeded:.1f}s; minted {2 * len(users)} tokens")


if __name__ == "__main__":
    main()
