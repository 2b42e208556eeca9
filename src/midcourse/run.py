"""What `make run` runs: the web app on the embedded default. With no record yet it opens on the
welcome page, which starts the client's own record or lets them explore the example (shown from
memory, never written into the database)."""

from __future__ import annotations

import os

from midcourse.cli import main as cli_main


def main() -> None:
    args = ["serve", "--no-browser"]
    if os.environ.get("MIDCOURSE_PORT"):
        args += ["--port", os.environ["MIDCOURSE_PORT"]]
    cli_main(args)


if __name__ == "__main__":
    main()
