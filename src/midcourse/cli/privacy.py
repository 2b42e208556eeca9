"""Privacy: deleting a record completely, and encrypting free text at rest."""

from __future__ import annotations

from typing import Annotated

import typer

from midcourse.cli._common import Options, app, fail, out


@app.command()
def delete(ctx: typer.Context,
           yes: Annotated[bool, typer.Option("--yes", help="Do not ask for confirmation.")] = False) -> None:
    """Delete a client's record completely."""
    from midcourse.store import StoreError

    opts: Options = ctx.obj
    with opts.store() as store:
        try:
            key = store.resolve_client(opts.client)
            if not yes:
                typer.confirm(f"Delete the record '{key}' and everything in it?", abort=True)
            from midcourse.privacy import delete_record

            delete_record(store, key)
        except StoreError as exc:
            raise fail(str(exc)) from None
    out.print(f"Deleted the record '{key}' and the cached embeddings of its words.", markup=False)


@app.command()
def encrypt(ctx: typer.Context) -> None:
    """Encrypt every free text in the database from now on (the passphrase: MIDCOURSE_PASSPHRASE, or asked)."""
    from midcourse.store import StoreError

    opts: Options = ctx.obj
    passphrase = opts.passphrase or typer.prompt(
        "New passphrase (it cannot be recovered; without it the notes cannot be read)",
        hide_input=True, confirmation_prompt=True)
    from midcourse.privacy import encrypt as encrypt_store

    try:
        with opts.store() as store:
            encrypt_store(store, passphrase)
            where = store.display_url()
    except StoreError as exc:
        raise fail(str(exc)) from None
    out.print(f"Encrypted the free text in {where}. From now on set MIDCOURSE_PASSPHRASE to use it.",
              markup=False)
