"""One reader of .env, the binary's (issue 14): a fixture .env holding every form of the syntax (.env.example's
header) is read the same by `todo-fcgi config get`, by `config --shell` evaluated in bash through scripts/env.sh's
todo_config (what `make run` does), by `serve`, and by scripts/nginx-conf.sh fed from it.

Every process runs in a temporary directory holding only that .env, with no configuration in its environment.
"""
from __future__ import annotations

import os
import signal
import subprocess
import time
from pathlib import Path

import httpx
import pytest

from conftest import CONFIG_VARS, NGINX_BIN, REPO_ROOT, TODO_FCGI_BIN, WEB_ROOT, _free_port, make_token

pytestmark = pytest.mark.sqlite_only  # about the settings file; the database is SQLite at the .env's path

ENV_SH = REPO_ROOT / "scripts" / "env.sh"
NGINX_CONF_SH = REPO_ROOT / "scripts" / "nginx-conf.sh"

# A secret with a quote and a backslash: the old Swift reader stopped at the backslash (`...\`), the old bash one
# gave the same bytes as this one. Never printed by any command (asserted).
SECRET = 'Dq7fLx2mV9pR4tW8zB3nK6hJ1cY5gS0e"q\\uA8'
ISSUER = "https://issuer.example/#frag $HOME"
DB_NAME = "it's \"q\" $HOME.db"


def fixture_text(tmp: Path, port: int) -> str:
    return "\r\n".join([
        "# every form of .env.example's syntax",
        "",
        "   # an indented comment",
        "export HOST=127.0.0.1",
        f"PORT = {port}",
        f"FCGI_SOCKET=unix:{tmp}/run/todo.sock   # an inline comment",
        f'DATABASE_PATH="./data dir/it\'s \\"q\\" $HOME.db"',
        f'BETTER_AUTH_SECRET="{SECRET.replace(chr(92), chr(92) * 2).replace(chr(34), chr(92) + chr(34))}" # note',
        f"JWT_ISSUER='{ISSUER}'",
        "JWT_AUDIENCE=aud#1 # the # inside a word stays",
        f"\texport\tWEB_ROOT={WEB_ROOT}",
        'NGINX_WORKERS="2"',
        "AUTH_RATE_PER_MINUTE=50",
        "AUTH_RATE_PER_MINUTE=77",
        "1X=y",
        'MAX_BODY_BYTES="4096',
        f"{SECRET[:20]}",
        "ACCESS_TOKEN_TTL_SECONDS=600",
    ]) + "\r\n"


# config get NAME -> the value in effect; MAX_BODY_BYTES's line is malformed, so its default applies.
EXPECTED = {
    "HOST": "127.0.0.1",
    "DATABASE_PATH": f"./data dir/{DB_NAME}",
    "JWT_ISSUER": ISSUER,
    "JWT_AUDIENCE": "aud#1",
    "WEB_ROOT": str(WEB_ROOT),
    "NGINX_WORKERS": "2",
    "AUTH_RATE_PER_MINUTE": "77",
    "MAX_BODY_BYTES": "65536",
    "ACCESS_TOKEN_TTL_SECONDS": "600",
}
SHELL_NAMES = ("DATABASE_PATH", "HOST", "PORT", "FCGI_SOCKET", "AUTH_RATE_PER_MINUTE", "WEB_ROOT", "NGINX_WORKERS")
MALFORMED_LINES = (15, 16, 17)


def bare_env(**extra) -> dict:
    """The caller's environment without any setting and without TODO_SKIP_DOTENV (`make test` sets it)."""
    env = {k: v for k, v in os.environ.items()
           if k not in CONFIG_VARS and k != "TODO_SKIP_DOTENV" and not k.startswith(("JWT_", "JWKS_"))}
    for k in ("NGINX_WORKERS", "MAX_BODY_BYTES", "PG_POOL_SIZE", "SIGNING_KEY_FILE"):
        env.pop(k, None)
    env.update(extra)
    return env


@pytest.fixture
def app(tmp_path) -> tuple[Path, int, dict]:
    """(directory holding the fixture .env, the PORT it sets, every value it sets)."""
    d = tmp_path / "app"
    (d / "run").mkdir(parents=True)
    port = _free_port()
    (d / ".env").write_text(fixture_text(d, port), newline="")
    return d, port, {**EXPECTED, "PORT": str(port), "FCGI_SOCKET": f"unix:{d}/run/todo.sock"}


def run(args: list[str], cwd: Path, **env) -> subprocess.CompletedProcess:
    proc = subprocess.run(args, cwd=cwd, env=bare_env(**env), capture_output=True, text=True, timeout=60)
    for text in (proc.stdout, proc.stderr):
        assert SECRET not in text and SECRET[:20] not in text, f"the secret was printed:\n{text}"
    return proc


def config(cwd: Path, *args: str, **env) -> subprocess.CompletedProcess:
    return run([str(TODO_FCGI_BIN), "config", *args], cwd, **env)


def test_config_get_reads_every_form(app):
    d, _, expected = app
    for name, value in expected.items():
        res = config(d, "get", name)
        assert res.returncode == 0, (name, res.stderr)
        assert res.stdout == value + "\n", name
    # the malformed lines: skipped, each named by its number, with no value
    res = config(d, "get", "PORT")
    for line in MALFORMED_LINES:
        assert f"./.env line {line}: " in res.stderr, res.stderr
    assert "4096" not in res.stderr


def test_config_get_layers_as_serve_and_refuses_secrets(app):
    d, port, _ = app
    assert config(d, "get", "PORT", PORT="9191").stdout == "9191\n"  # the environment wins
    assert config(d, "get", "PORT", PORT="").stdout == f"{port}\n"  # an empty variable counts as unset
    assert config(d, "get", "PORT", TODO_SKIP_DOTENV="1").stdout == "8080\n"  # .env not read: the default
    for name in ("BETTER_AUTH_SECRET", "DATABASE_URL"):
        res = config(d, "get", name, DATABASE_URL="postgresql://u:pw-Secret-1@h/db")
        assert res.returncode == 2 and res.stdout == "", res
        assert f"{name} is secret" in res.stderr and "pw-Secret-1" not in res.stderr, res.stderr
    res = config(d, "get", "1X")
    assert res.returncode == 2 and "is not a setting" in res.stderr, res
    res = config(d, "get", "SIGNING_KEY_FILE")
    assert res.returncode == 1 and res.stdout == "" and "is not set" in res.stderr, res


def test_doctor_reads_the_same_file_and_names_its_malformed_lines(app):
    d, _, _ = app
    (d / ".env").chmod(0o600)
    res = run([str(TODO_FCGI_BIN), "doctor"], d)
    lines = res.stdout.splitlines()
    for line in MALFORMED_LINES:
        assert any(l.startswith("warn") and f"./.env line {line}: " in l for l in lines), res.stdout
    assert any(l.startswith("ok") and "secret" in l and "from the settings file" in l for l in lines), res.stdout


def bash_settings(d: Path, *names: str, **env) -> tuple[subprocess.CompletedProcess, dict]:
    """`todo_config BIN` from scripts/env.sh in bash (as run.sh calls it), then each name's value."""
    script = (f'. "{ENV_SH}" && todo_config "{TODO_FCGI_BIN}" --require-secret || exit $?\n'
              'for n in "$@"; do printf "%s=%s\\0" "$n" "${!n-<unset>}"; done')
    res = run(["bash", "-c", script, "bash", *names], d, **env)
    values = dict(item.split("=", 1) for item in res.stdout.split("\0") if item)
    return res, values


def test_config_shell_evaluated_by_bash_gives_the_same_values(app):
    d, _, expected = app
    out = config(d, "--shell")
    assert out.returncode == 0, out.stderr
    assert all(line.startswith("export ") for line in out.stdout.splitlines()), out.stdout
    assert "BETTER_AUTH_SECRET" not in out.stdout and "DATABASE_URL" not in out.stdout
    res, values = bash_settings(d, *SHELL_NAMES, "BETTER_AUTH_SECRET", "JWT_ISSUER")
    assert res.returncode == 0, res.stderr
    assert values == {**{n: expected[n] for n in SHELL_NAMES}, "BETTER_AUTH_SECRET": "<unset>",
                      "JWT_ISSUER": "<unset>"}
    # the environment still wins, and a bad value fails todo_config instead of exporting nothing silently
    assert bash_settings(d, "PORT", PORT="9292")[1] == {"PORT": "9292"}
    res, values = bash_settings(d, "PORT", PORT="eighty")
    assert res.returncode == 1 and values == {} and 'PORT must be a whole number' in res.stderr, res


def test_require_secret_refuses_a_short_secret_without_printing_it(tmp_path):
    (tmp_path / ".env").write_text('BETTER_AUTH_SECRET="short\\"one"\n')
    res = config(tmp_path, "--shell", "--require-secret")
    assert res.returncode == 1 and res.stdout == "" and "too short (9 bytes)" in res.stderr, res
    assert "short" not in res.stderr.replace("too short", ""), res.stderr


def render_nginx_conf(d: Path) -> str:
    """scripts/nginx-conf.sh fed by todo_config, as run.sh does; the config it printed."""
    script = (f'. "{ENV_SH}" && todo_config "{TODO_FCGI_BIN}" || exit $?\n'
              f'NGINX_PREFIX="{d}/nginx" exec bash "{NGINX_CONF_SH}"')
    res = run(["bash", "-c", script], d)
    assert res.returncode == 0, res.stderr
    return res.stdout


def test_serve_and_nginx_use_the_values_of_the_env_file(app):
    """`serve` started with only the .env (secret, issuer, audience, socket, database path from it) and nginx
    configured from `config --shell` (HOST, PORT, FCGI_SOCKET, workers, rate): a token signed with the .env's
    secret and naming its issuer and audience is accepted through them; the old Swift reading of the secret, or a
    token without that issuer, is refused."""
    d, port, expected = app
    conf = render_nginx_conf(d)
    assert f'listen "127.0.0.1:{port}"' in conf
    assert f'server "unix:{d}/run/todo.sock";' in conf
    assert "worker_processes 2;" in conf and "rate=77r/m" in conf and f'root "{WEB_ROOT}";' in conf
    (d / "nginx").mkdir(exist_ok=True)
    (d / "nginx" / "nginx.conf").write_text(conf)

    with open(d / "responder.log", "wb") as log:
        responder = subprocess.Popen([str(TODO_FCGI_BIN), "serve", "--threads", "4"], cwd=d, env=bare_env(),
                                     stdin=subprocess.DEVNULL, stdout=log, stderr=log)
    nginx = None
    try:
        deadline = time.monotonic() + 20
        while not (d / "run" / "todo.sock").exists():
            assert responder.poll() is None, (d / "responder.log").read_text()
            assert time.monotonic() < deadline, "no socket"
            time.sleep(0.02)
        with open(d / "nginx.log", "wb") as log:
            nginx = subprocess.Popen([NGINX_BIN, "-p", f"{d}/nginx/", "-c", f"{d}/nginx/nginx.conf", "-e", "stderr"],
                                     cwd=d, stdin=subprocess.DEVNULL, stdout=log, stderr=log)
        base = f"http://127.0.0.1:{port}"
        while True:
            assert nginx.poll() is None, (d / "nginx.log").read_text()
            try:
                if httpx.get(f"{base}/api/health", timeout=2).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            assert time.monotonic() < deadline, "nginx did not come up"
            time.sleep(0.05)

        claims = {"iss": ISSUER, "aud": "aud#1"}
        good = make_token(SECRET, "dotenv-user", **claims)
        r = httpx.get(f"{base}/api/dotenv-user/tasks", headers={"Authorization": f"Bearer {good}"}, timeout=10)
        assert r.status_code == 200 and r.json() == [], r.text
        old_swift_secret = SECRET.split('"')[0] + "\\"  # the former reader stopped at the escaped quote
        for token in (make_token(old_swift_secret, "dotenv-user", **claims),
                      make_token(SECRET, "dotenv-user", aud="aud#1")):
            r = httpx.get(f"{base}/api/dotenv-user/tasks", headers={"Authorization": f"Bearer {token}"}, timeout=10)
            assert r.status_code == 401, r.text
        assert (d / expected["DATABASE_PATH"]).is_file()  # the quoted path with its escapes, as the .env says
    finally:
        if nginx is not None and nginx.poll() is None:
            nginx.send_signal(signal.SIGTERM)
            nginx.wait(timeout=10)
        if responder.poll() is None:
            responder.send_signal(signal.SIGTERM)
            assert responder.wait(timeout=5) == 0
    log_text = (d / "responder.log").read_text()
    assert SECRET not in log_text and SECRET[:20] not in log_text
    for line in MALFORMED_LINES:
        assert f"./.env line {line}: " in log_text, log_text
