"""Take the README's screenshots: the demo record's dashboard and report, in headless Chromium.

    .venv/bin/python scripts/screenshots.py   (needs Debian's chromium at /usr/bin/chromium)
"""

from __future__ import annotations

import sys
import tempfile
import threading
import time
from pathlib import Path

import uvicorn
from playwright.sync_api import sync_playwright

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from midcourse.demo import demo_record
from midcourse.store import Store
from midcourse.web.app import create_app

ARGS = ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--disable-quic", "--no-first-run"]


def main() -> None:
    out = ROOT / "docs" / "images"
    out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        db = str(Path(tmp) / "demo.db")
        Store(db).save("demo", demo_record())
        server = uvicorn.Server(uvicorn.Config(create_app(db), host="127.0.0.1", port=8791, log_level="warning"))
        threading.Thread(target=server.run, daemon=True).start()
        while not server.started:
            time.sleep(0.05)
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=ARGS)
            page = browser.new_page(viewport={"width": 1100, "height": 900}, base_url="http://127.0.0.1:8791")
            page.goto("/?as_of=2026-08-10")
            page.screenshot(path=str(out / "dashboard-wall.png"), full_page=True)
            page.goto("/")
            page.screenshot(path=str(out / "dashboard.png"), full_page=False)
            page.goto("/sessions/new")
            page.screenshot(path=str(out / "record-a-session.png"), full_page=True)
            page.goto("/report")
            page.emulate_media(media="print")
            page.screenshot(path=str(out / "report.png"), full_page=True)
            browser.close()
        server.should_exit = True
    print(f"wrote screenshots to {out}")


if __name__ == "__main__":
    main()
