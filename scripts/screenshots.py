"""Take the README's screenshots at desktop and phone sizes, in headless Chromium, and (with --all DIR)
every page at 390 px and 1280 px for a look, reporting any page wider than the screen.

    .venv/bin/python scripts/screenshots.py             (needs Debian's chromium at /usr/bin/chromium)
    .venv/bin/python scripts/screenshots.py --all /tmp/shots
"""

from __future__ import annotations

import socket
import sys
import tempfile
import threading
import time
from pathlib import Path

import uvicorn
from playwright.sync_api import Page, sync_playwright

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from midcourse.demo import demo_record
from midcourse.store import Store
from midcourse.web.app import create_app

ARGS = ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--disable-quic", "--no-first-run"]
DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 390, "height": 844}
PAGES = ["/", "/?as_of=2026-08-10", "/sessions/new", "/sessions/2026-08-17T17:00/edit", "/record", "/journal",
         "/defenses", "/report", "/settings", "/welcome", "/login"]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


def overflow(page: Page) -> int:
    """How many pixels the page is wider than the screen (0: no horizontal scroll)."""
    width: int = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    return width


def main() -> None:
    everything = Path(sys.argv[sys.argv.index("--all") + 1]) if "--all" in sys.argv else None
    out = ROOT / "docs" / "images"
    out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        db = str(Path(tmp) / "demo.db")
        Store(db).save("sam", demo_record())  # the demo's course, shown as a client's own record
        port = free_port()
        base = f"http://127.0.0.1:{port}"
        server = uvicorn.Server(uvicorn.Config(create_app(db, settings_path=Path(tmp) / "settings.toml"),
                                               host="127.0.0.1", port=port, log_level="warning"))
        threading.Thread(target=server.run, daemon=True).start()
        while not server.started:
            time.sleep(0.05)
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=ARGS)
            desktop = browser.new_page(viewport=DESKTOP, base_url=base)
            phone = browser.new_page(viewport=PHONE, base_url=base, device_scale_factor=2, is_mobile=True,
                                     has_touch=True)
            shots = [(desktop, "/?as_of=2026-08-10", "dashboard-wall.png", True),
                     (desktop, "/", "dashboard.png", False),
                     (desktop, "/sessions/new", "record-a-session.png", True),
                     (phone, "/?as_of=2026-08-10", "dashboard-wall-phone.png", False),
                     (phone, "/sessions/new", "record-a-session-phone.png", False)]
            for page, url, name, full in shots:
                page.goto(url)
                page.screenshot(path=str(out / name), full_page=full)
            desktop.goto("/report")
            desktop.emulate_media(media="print")
            desktop.screenshot(path=str(out / "report.png"), full_page=True)
            desktop.emulate_media(media="screen")
            if everything is not None:
                everything.mkdir(parents=True, exist_ok=True)
                for label, page in (("phone", phone), ("desktop", desktop)):
                    for url in PAGES:
                        page.goto(url)
                        name = url.strip("/").replace("/", "_").replace("?", "_").replace("=", "-") or "home"
                        page.screenshot(path=str(everything / f"{name}-{label}.png"), full_page=True)
                        wide = overflow(page)
                        print(f"{label:8} {url:40} {'WIDER THAN THE SCREEN by ' + str(wide) + ' px' if wide else 'fits'}")
            browser.close()
        server.should_exit = True
    print(f"wrote screenshots to {out}")


if __name__ == "__main__":
    main()
