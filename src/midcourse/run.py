"""What `make run` runs: the web app on the embedded default, with a demo record when there is no data."""

from __future__ import annotations

import os

from midcourse.cli import main as cli_main
from midcourse.store import Store


def main() -> None:
    # The same environment the command line reads (MIDCOURSE_DB, MIDCOURSE_PASSPHRASE).
    with Store(os.environ.get("MIDCOURSE_DB") or None, os.environ.get("MIDCOURSE_PASSPHRASE")) as store:
        if not store.clients():
            from midcourse.demo import demo_record

            store.save("demo", demo_record())
            print(f"No data yet: wrote the demo record to {store.display_url()}")
    args = ["serve", "--no-browser"]
    if os.environ.get("MIDCOURSE_PORT"):
        args += ["--port", os.environ["MIDCOURSE_PORT"]]
    cli_main(args)


if __name__ == "__main__":
    main()
