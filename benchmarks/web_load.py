"""The web app under load: 50 concurrent clients on loopback for 30 s against an organisation's
benchmark page, the national page and the JSON API's benchmark of the demo round, on SQLite and
on PostgreSQL.

Prints requests per second, p50/p95/p99 latency and errors per page, and the ratio of each
page's p95 to that of ``/healthz`` measured under the same load in the same run. Targets: pages
p95 under 200 ms on a 2-core machine with zero errors (issue 4); the API's p95 within 10 times
``/healthz``'s with zero errors (issue 10).

Usage::

    .venv/bin/python benchmarks/web_load.py [--db sqlite|postgresql|both] [--seconds 30]
                                            [--clients 50] [--workers 2] [--json FILE]

The load comes from wrk (Debian package ``wrk``; ``make bench`` installs it when missing),
a separate process in C, so the Python server is what is measured. The server is
``corpbench serve --workers N`` in its own process over a fresh store holding the published
demo round; clients are signed in (session cookies), as users are.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

import httpx

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
CLI = Path(sys.executable).with_name("corpbench")
DEMO_ORG = "ZF00001"
PASSWORD = "load test password"
TARGET_P95_MS = 200.0
API_PATH = f"/api/v1/organisations/{DEMO_ORG}/benchmark"
#: The API's p95 at most this many times /healthz's.
TARGET_API_VS_HEALTHZ = 10.0

_WRK_REPORT = """
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    'WRK_JSON {"requests": %d, "duration_us": %d, "connect": %d, "read": %d, "write": %d, '
    .. '"status": %d, "timeout": %d, "p50_us": %d, "p95_us": %d, "p99_us": %d}\\n',
    summary.requests, summary.duration, e.connect, e.read, e.write, e.status, e.timeout,
    latency:percentile(50), latency:percentile(95), latency:percentile(99)))
end
"""


@dataclass
class Result:
    db: str
    page: str
    requests_per_s: float
    p50_ms: float
    p95_ms: float
    p99_ms: float
    errors: int
    p95_vs_healthz: float | None = None


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _run(args: list[str], env: dict[str, str], stdin: str | None = None) -> None:
    done = subprocess.run(args, env=env, input=stdin, text=True, capture_output=True, check=False)
    if done.returncode != 0:
        raise RuntimeError(f"{' '.join(args)} failed: {done.stderr.strip()}")


def prepare_store(url: str, folder: Path) -> dict[str, str]:
    """Load the demo round into ``url``, publish it and add a national and an organisation
    user; the environment that points ``corpbench`` at it."""
    env = {**os.environ, "CORPBENCH_DB": url}
    _run([str(CLI), "demo", "--load"], env)
    _run([str(CLI), "publish", "--note", "load test"], env)
    _run(
        [str(CLI), "user", "add", "nat@load.test", "--role", "national", "--password-stdin"],
        env,
        PASSWORD + "\n",
    )
    _run(
        [
            str(CLI),
            "user",
            "add",
            "org@load.test",
            "--role",
            "organisation",
            "--org",
            DEMO_ORG,
            "--password-stdin",
        ],
        env,
        PASSWORD + "\n",
    )
    return env


def session_cookie(base: str, email: str) -> str:
    with httpx.Client(base_url=base, follow_redirects=False, timeout=120) as client:
        page = client.get("/signin")
        token = re.search(r'name="csrf_token" value="([^"]+)"', page.text)
        assert token is not None
        r = client.post(
            "/signin", data={"csrf_token": token.group(1), "email": email, "password": PASSWORD}
        )
        if r.status_code != 303:
            raise RuntimeError(f"sign-in of {email} failed: {r.status_code}")
        return str(client.cookies["corpbench_session"])


def wrk(url: str, cookie: str | None, seconds: int, clients: int, script: Path) -> dict[str, Any]:
    args = [
        "wrk",
        f"-t{min(2, clients)}",
        f"-c{clients}",
        f"-d{seconds}s",
        "--timeout",
        "10s",
        "-s",
        str(script),
    ]
    if cookie:
        args += ["-H", f"Cookie: corpbench_session={cookie}"]
    done = subprocess.run([*args, url], capture_output=True, text=True, check=True)
    line = next(x for x in done.stdout.splitlines() if x.startswith("WRK_JSON "))
    result: dict[str, Any] = json.loads(line.removeprefix("WRK_JSON "))
    return result


def measure(db: str, url: str, args: argparse.Namespace, folder: Path) -> list[Result]:
    env = prepare_store(url, folder)
    port = _free_port()
    base = f"http://127.0.0.1:{port}"
    log = folder / f"server-{db}.log"
    server = subprocess.Popen(
        [str(CLI), "serve", "--port", str(port), "--workers", str(args.workers)],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=log.open("w", encoding="utf-8"),
    )
    try:
        deadline = time.monotonic() + 180  # the machine may be busy
        while True:
            try:
                if httpx.get(base + "/healthz").status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            if server.poll() is not None or time.monotonic() > deadline:
                tail = log.read_text(encoding="utf-8")[-2000:]
                raise RuntimeError(f"the server did not start ({server.poll()}):\n{tail}")
            time.sleep(0.2)
        cookies = {
            "org": session_cookie(base, "org@load.test"),
            "nat": session_cookie(base, "nat@load.test"),
        }
        pages = [
            ("/healthz", None),
            (f"/organisations/{DEMO_ORG}", cookies["org"]),
            ("/national", cookies["nat"]),
            (API_PATH, cookies["org"]),
        ]
        for path, cookie in pages:  # warm every worker's caches, and check the answers
            for _ in range(4 * args.workers):
                headers = {"Cookie": f"corpbench_session={cookie}"} if cookie else {}
                # the first answer works the figures out: slow on a busy machine
                status = httpx.get(base + path, headers=headers, timeout=300).status_code
                if status != 200:
                    raise RuntimeError(f"{path} answered {status}")
        script = folder / "report.lua"
        script.write_text(_WRK_REPORT, encoding="utf-8")
        results = []
        for path, cookie in pages:
            print(f"  {db}: {args.clients} clients for {args.seconds} s on {path}", file=sys.stderr)
            w = wrk(base + path, cookie, args.seconds, args.clients, script)
            errors = w["connect"] + w["read"] + w["write"] + w["status"] + w["timeout"]
            results.append(
                Result(
                    db,
                    path,
                    w["requests"] / (w["duration_us"] / 1e6),
                    w["p50_us"] / 1000,
                    w["p95_us"] / 1000,
                    w["p99_us"] / 1000,
                    errors,
                )
            )
        health = results[0].p95_ms
        for r in results:
            r.p95_vs_healthz = r.p95_ms / health if health > 0 else None
        # the sessions must still be valid (a redirect to sign-in would not count as an error)
        for path, cookie in pages[1:]:
            headers = {"Cookie": f"corpbench_session={cookie}"}
            if httpx.get(base + path, headers=headers, timeout=300).status_code != 200:
                raise RuntimeError(f"{path} no longer answers 200 after the run")
        return results
    finally:
        server.terminate()
        server.wait(timeout=30)


def _meets_target(r: Result) -> bool:
    if r.errors:
        return False
    if r.page == API_PATH:
        return r.p95_vs_healthz is not None and r.p95_vs_healthz <= TARGET_API_VS_HEALTHZ
    return r.p95_ms < TARGET_P95_MS


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", choices=["sqlite", "postgresql", "both"], default="both")
    parser.add_argument("--seconds", type=int, default=30)
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--json", type=Path)
    args = parser.parse_args()
    if shutil.which("wrk") is None:
        print(
            "wrk is not installed (Debian package wrk; `make bench` installs it)", file=sys.stderr
        )
        return 1
    from run import fresh_store, pg_reachable

    kinds = ["sqlite", "postgresql"] if args.db == "both" else [args.db]
    results: list[Result] = []
    with tempfile.TemporaryDirectory(prefix="corpbench-load-") as tmp:
        for kind in kinds:
            if kind == "postgresql" and not pg_reachable():
                print("PostgreSQL is unreachable: skipped", file=sys.stderr)
                continue
            with fresh_store(kind, Path(tmp)) as url:
                results.extend(measure(kind, url, args, Path(tmp)))
    print()
    print(
        f"Web load: {args.clients} concurrent clients, {args.seconds} s per page, "
        f"{args.workers} workers"
    )
    columns = ("req/s", "p50 ms", "p95 ms", "p99 ms")
    print(
        f"{'db':<11}{'page':<42}"
        + "".join(f"{c:>9}" for c in columns)
        + f"{'errors':>8}{'p95/healthz':>13}  target"
    )
    for r in results:
        ratio = f"{r.p95_vs_healthz:.2f}" if r.p95_vs_healthz is not None else "-"
        verdict = "" if r.page == "/healthz" else ("PASS" if _meets_target(r) else "MISS")
        print(
            f"{r.db:<11}{r.page:<42}{r.requests_per_s:>9.1f}{r.p50_ms:>9.1f}{r.p95_ms:>9.1f}"
            f"{r.p99_ms:>9.1f}{r.errors:>8d}{ratio:>13}  {verdict}"
        )
    if args.json:
        args.json.write_text(json.dumps([asdict(r) for r in results], indent=2), encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
