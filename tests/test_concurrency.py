"""Writers at the same time lose nothing: CLI processes side by side, and browser tabs posting at once."""

from __future__ import annotations

import datetime as dt
import re
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import httpx
import pytest

from midcourse.store import Store
from midcourse.web.app import create_app
from tests.servers import serve

WRITES = 40

WRITER = """
import datetime as dt, sys
from midcourse.cli import main
db, worker, n = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
start = dt.datetime(2025, 1, 6, 9, 0) + dt.timedelta(minutes=worker)
for i in range(n):
    when = (start + dt.timedelta(days=i)).isoformat(timespec="minutes")
    try:
        main(["--db", db, "add", "session", "--date", when, "--status", "attended", "--another-on-same-day"])
    except SystemExit as exit:
        if exit.code:
            raise
"""


def test_two_cli_writers_at_once_lose_no_session(db_url: str, tmp_path: Path) -> None:
    with Store(db_url) as store:
        store.create_client("me")
    script = tmp_path / "writer.py"
    script.write_text(WRITER)
    workers = [subprocess.Popen([sys.executable, str(script), db_url, str(w), str(WRITES)],
                                stdout=subprocess.DEVNULL, stderr=subprocess.PIPE) for w in (0, 1)]
    for w in workers:
        _, errors = w.communicate(timeout=300)
        assert w.returncode == 0, errors.decode()
    with Store(db_url) as store:
        record = store.load("me")
    assert len(record.sessions) == 2 * WRITES


@pytest.fixture
def server(db_url: str):
    """The web app on a real server in a thread, with an empty record."""
    from midcourse.text.reader import LexicalReader

    with Store(db_url) as store:
        store.create_client("me")
    base, stop = serve(create_app(db_url, reader=LexicalReader()))
    yield base
    stop()


def test_journal_posts_from_many_tabs_at_once_are_all_kept(server: str, db_url: str) -> None:
    def tab(n: int) -> int:
        with httpx.Client(base_url=server, headers={"Origin": server}) as client:
            page = client.get("/journal").text
            token = re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)  # type: ignore[union-attr]
            response = client.post("/journal", data={
                "csrf_token": token, "date": (dt.date(2025, 1, 1) + dt.timedelta(days=n % 300)).isoformat(),
                "text": f"Entry number {n}.", "tags": ""})
            return response.status_code

    with ThreadPoolExecutor(max_workers=10) as pool:
        codes = list(pool.map(tab, range(60)))
    assert set(codes) == {303}
    with Store(db_url) as store:
        texts = {j.text for j in store.load("me").journal}
    assert texts == {f"Entry number {n}." for n in range(60)}
