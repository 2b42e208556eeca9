"""`midcourse serve`: the local web app."""

from __future__ import annotations

from typing import Annotated

import typer

from midcourse.cli._common import Options, SettingsFile, app, err, fail, out

LOOPBACK = {"127.0.0.1", "localhost", "::1"}


@app.command()
def serve(
    ctx: typer.Context,
    port: Annotated[int, typer.Option(help="Port to listen on.")] = 8765,
    host: Annotated[str, typer.Option(help="Address to bind (default: this machine only).")] = "127.0.0.1",
    allow_remote: Annotated[bool, typer.Option(
        "--allow-remote", help="Allow a host other than 127.0.0.1 / localhost (others on the network could "
                               "reach your record).")] = False,
    no_browser: Annotated[bool, typer.Option("--no-browser", help="Do not open a browser.")] = False,
    settings_file: SettingsFile = None,
) -> None:
    """Start the web app on this machine."""
    import uvicorn

    from midcourse.web.app import create_app

    remote = host not in LOOPBACK
    if remote and not allow_remote:
        raise fail(f"--host {host} would let other machines reach your record; add --allow-remote if you "
                   "really mean it")
    if remote:
        err.print(f"Warning: serving on {host}: anyone who can reach this address can see and change the "
                  "record. There is no login.", markup=False)
    from midcourse.store import StoreError

    opts: Options = ctx.obj
    try:
        application = create_app(opts.db, opts.client, settings_file, allowed_hosts=["*"] if remote else None,
                                 passphrase=opts.passphrase,
                                 warm=True)
    except StoreError as exc:  # e.g. an encrypted record without its passphrase
        raise fail(str(exc))
    address = f"http://{'127.0.0.1' if host == 'localhost' else host}:{port}/"
    out.print(f"midcourse is running at {address} (Ctrl+C to stop)", markup=False)
    if not no_browser:
        import threading
        import webbrowser

        threading.Timer(1.0, lambda: webbrowser.open(address)).start()
    uvicorn.run(application, host=host, port=port, log_level="warning")
