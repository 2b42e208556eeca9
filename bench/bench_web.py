"""The dashboard of a record with 200 sessions: server time per request, warm text cache."""

from __future__ import annotations

import os
import statistics
import tempfile
import time
from pathlib import Path

from fastapi.testclient import TestClient

from bench.bench_analyze import large_document
from midcourse.store import Store
from midcourse.validation import parse_record
from midcourse.web.app import create_app


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        os.environ["MIDCOURSE_CACHE"] = str(Path(tmp) / "cache")
        db = str(Path(tmp) / "web.db")
        with Store(db) as store:
            store.save("me", parse_record(large_document(sessions=200, entries=200)))
        with TestClient(create_app(db)) as client:
            client.get("/")  # warm-up: embeds the texts once (the cache keeps them)
            times = []
            for _ in range(15):
                t0 = time.perf_counter()
                page = client.get("/")
                times.append(time.perf_counter() - t0)
                assert page.status_code == 200
        print(f"dashboard, 200 sessions + 200 journal entries, warm cache: median {statistics.median(times) * 1000:.0f} ms, "
              f"best {min(times) * 1000:.0f} ms ({len(page.text) // 1024} KiB of HTML)")


if __name__ == "__main__":
    main()
