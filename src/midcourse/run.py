"""What `make run` runs: the app on the embedded default, with a demo record when empty."""

from __future__ import annotations

from midcourse.cli import main as cli_main
from midcourse.store import Store


def main() -> None:
    with Store() as store:
        if not store.clients():
            from midcourse.demo import demo_record

            store.save("demo", demo_record())
            print(f"No data yet: wrote the demo record to {store.display_url()}\n")
        clients = store.clients()
    client = clients[0] if len(clients) == 1 else ("demo" if "demo" in clients else clients[0])
    cli_main(["--client", client, "analyze"])


if __name__ == "__main__":
    main()
