"""Start-up costs a user meets: the first `analyze` of the demo with an empty cache, `serve` until the
dashboard answers, `--help`. Each run is a fresh process with fresh data and cache directories.

    .venv/bin/python -m bench.bench_runtime     (or any venv's python: it times that venv's `midcourse`)
"""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

from midcourse.demo import demo_document


def cli() -> str:
    return str(Path(sys.executable).with_name("midcourse"))


def fresh_env(folder: Path) -> dict[str, str]:
    return {**os.environ, "MIDCOURSE_DATA_DIR": str(folder / "data"), "MIDCOURSE_CONFIG_DIR": str(folder / "config"),
            "MIDCOURSE_CACHE": str(folder / "cache")}


def first_analyze() -> float:
    with tempfile.TemporaryDirectory() as tmp:
        record = Path(tmp) / "demo.json"
        record.write_text(json.dumps(demo_document()))
        start = time.perf_counter()
        subprocess.run([cli(), "analyze", str(record)], env=fresh_env(Path(tmp)), check=True, capture_output=True)
        return time.perf_counter() - start


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def serve_ready() -> float:
    """Seconds from starting `midcourse serve` (demo record stored, cold cache) to a 200 for the dashboard."""
    with tempfile.TemporaryDirectory() as tmp:
        env = fresh_env(Path(tmp))
        subprocess.run([cli(), "demo"], env=env, check=True, capture_output=True)
        port = free_port()
        start = time.perf_counter()
        server = subprocess.Popen([cli(), "serve", "--no-browser", "--port", str(port)], env=env,
                                  stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        try:
            while time.perf_counter() - start < 60:
                try:
                    with urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=30) as response:
                        if response.status == 200:
                            return time.perf_counter() - start
                except OSError:
                    time.sleep(0.05)
            raise TimeoutError("serve did not answer within 60 s")
        finally:
            server.terminate()
            server.wait(10)


def help_time() -> float:
    start = time.perf_counter()
    subprocess.run([cli(), "--help"], check=True, capture_output=True)
    return time.perf_counter() - start


def main() -> None:
    runs = [first_analyze() for _ in range(3)]
    print(f"first analyze of the demo, empty cache: {min(runs):.2f}-{max(runs):.2f} s (3 fresh processes)")
    runs = [serve_ready() for _ in range(3)]
    print(f"serve until the dashboard answers, demo record, empty cache: {min(runs):.2f}-{max(runs):.2f} s")
    print(f"midcourse --help: {min(help_time() for _ in range(3)):.2f} s")


if __name__ == "__main__":
    main()
