"""`midcourse serve`: the local web app (and, with --allow-remote, a passphrase login for a phone)."""

from __future__ import annotations

import ipaddress
from pathlib import Path
from typing import Annotated

import typer

from midcourse.cli._common import Options, SettingsFile, app, err, fail, out

LOOPBACK = {"127.0.0.1", "localhost", "::1"}
ANY_ADDRESS = {"0.0.0.0", "::"}


@app.command()
def serve(
    ctx: typer.Context,
    port: Annotated[int, typer.Option(help="Port to listen on.")] = 8765,
    host: Annotated[str, typer.Option(help="Address to bind (default: this machine only).")] = "127.0.0.1",
    allow_remote: Annotated[bool, typer.Option(
        "--allow-remote", help="Allow an address other than 127.0.0.1 / localhost; needs a login passphrase "
                               "(MIDCOURSE_WEB_PASSPHRASE, else asked for) and the names other devices use "
                               "(--hostname).")] = False,
    hostname: Annotated[list[str] | None, typer.Option(
        "--hostname", help="A host name or address other devices use to reach this one, e.g. "
                           "192.168.1.20 or laptop.local (repeat for several; remote mode only).",
        show_default=False)] = None,
    login_passphrase: Annotated[str | None, typer.Option(
        envvar="MIDCOURSE_WEB_PASSPHRASE", hidden=True, show_default=False,
        help="The login passphrase of remote mode (set MIDCOURSE_WEB_PASSPHRASE, or type it when asked).")] = None,
    tls_cert: Annotated[Path | None, typer.Option(
        "--tls-cert", help="A TLS certificate (PEM) to serve HTTPS, with --tls-key.", show_default=False)] = None,
    tls_key: Annotated[Path | None, typer.Option(
        "--tls-key", help="The TLS certificate's private key (PEM).", show_default=False)] = None,
    no_browser: Annotated[bool, typer.Option("--no-browser", help="Do not open a browser.")] = False,
    settings_file: SettingsFile = None,
) -> None:
    """Start the web app on this machine."""
    import uvicorn

    from midcourse.store import StoreError
    from midcourse.web.app import create_app
    from midcourse.web.security import MIN_PASSPHRASE, Login

    remote = host not in LOOPBACK
    if remote and not allow_remote:
        raise fail(f"--host {host} would let other machines reach your record; add --allow-remote if you "
                   "really mean it")
    if (tls_cert is None) != (tls_key is None):
        raise fail("--tls-cert and --tls-key go together")
    for path in (tls_cert, tls_key):
        if path is not None and not path.is_file():
            raise fail(f"{path}: no such file")
    names = [n.strip() for n in hostname or [] if n.strip()]
    login = None
    if remote:
        if host not in ANY_ADDRESS:
            names.append(_bracketed(host))
        if not names:
            raise fail(f"--host {host} listens on every address: name the one your phone will use, e.g. "
                       "--hostname 192.168.1.20 (the address of this machine on your network)")
        if any("*" in n for n in names):
            raise fail("--hostname: name each host; a wildcard would let any site reach your record")
        secret = login_passphrase
        if not secret:
            secret = typer.prompt(f"Choose a login passphrase for other devices (at least {MIN_PASSPHRASE} "
                                  "characters)", hide_input=True, confirmation_prompt=True)
        try:
            login = Login(secret)
        except ValueError as exc:
            raise fail(str(exc)) from None
        if tls_cert is None:
            err.print("Warning: plain HTTP. Anyone on your network can read the passphrase and the pages as "
                      "they travel; use a network you trust, or --tls-cert/--tls-key (docs/web.md, "
                      "'Remote use').", markup=False)
    opts: Options = ctx.obj
    try:
        application = create_app(opts.db, opts.client, settings_file, hosts=[_bracketed(n) for n in names],
                                 login=login, passphrase=opts.passphrase, warm=True)
    except StoreError as exc:  # e.g. an encrypted record without its passphrase
        raise fail(str(exc)) from None
    scheme = "https" if tls_cert else "http"
    shown = names[0] if remote else ("127.0.0.1" if host == "localhost" else _bracketed(host))
    address = f"{scheme}://{shown}:{port}/"
    out.print(f"midcourse is running at {address} (Ctrl+C to stop)", markup=False)
    if remote:
        out.print("Other devices log in with the passphrase you chose.", markup=False)
    if not no_browser:
        import threading
        import webbrowser

        local = f"{scheme}://127.0.0.1:{port}/" if host in ANY_ADDRESS or not remote else address
        threading.Timer(1.0, lambda: webbrowser.open(local)).start()
    uvicorn.run(application, host=host, port=port, log_level="warning",
                ssl_certfile=str(tls_cert) if tls_cert else None, ssl_keyfile=str(tls_key) if tls_key else None)


def _bracketed(name: str) -> str:
    """An IPv6 address as a Host header writes it ('[fe80::1]')."""
    try:
        return f"[{name}]" if ipaddress.ip_address(name).version == 6 else name
    except ValueError:
        return name
