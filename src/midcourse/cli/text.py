"""The researcher's text commands: `midcourse text signals` and `midcourse text talk-type`."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, TextIO

import typer

from midcourse.cli._common import app, fail

if TYPE_CHECKING:
    from midcourse.text.jsonl import Item

text_app = typer.Typer(help="Read client texts: statements and talk type (JSON lines in and out).",
                       no_args_is_help=True)
app.add_typer(text_app, name="text")


def _open(path: Path) -> TextIO:
    if str(path) == "-":
        return sys.stdin
    if not path.exists():
        raise fail(f"{path}: no such file")
    return path.open(encoding="utf-8", errors="replace")


def _run(path: Path, handler: Any) -> None:
    from midcourse.text.jsonl import answer

    stream = _open(path)
    try:
        for line in answer(stream, handler):
            sys.stdout.write(line + "\n")
    finally:
        if stream is not sys.stdin:
            stream.close()


@text_app.command("signals")
def signals(
    path: Annotated[Path, typer.Argument(help="JSON lines {\"id\", \"text\"}; - for stdin.")],
    rules_only: Annotated[bool, typer.Option("--rules-only", help="Rules only: faster, no model, lower recall.")]
    = False,
) -> None:
    """Statements in each text: quitting, surface, stale, irritation, fit_conduct, crisis, insight."""
    from midcourse.text.embeddings import available
    from midcourse.text.signals import KINDS, find_signals

    finder: Any = None
    if not rules_only and available():
        from midcourse.text.embeddings import CachedEmbedder, MiniLM
        from midcourse.text.semantic import HybridSignals

        finder = HybridSignals(CachedEmbedder(MiniLM()))

    def handle(items: list[Item]) -> list[dict[str, Any]]:
        out = []
        texts = [item.text for item in items]
        per_text = finder.signals(texts) if finder is not None else [find_signals(t) for t in texts]
        for found in per_text:
            first: dict[str, Any] = {}
            for s in found:
                first.setdefault(s.kind, s)
            kinds = [k for k in KINDS if k in first]
            out.append({"signals": kinds, "evidence": {k: first[k].evidence for k in kinds},
                        "spans": {k: [first[k].start, first[k].end] for k in kinds}})
        return out

    _run(path, handle)


@text_app.command("talk-type")
def talk_type(path: Annotated[Path, typer.Argument(
        help="JSON lines {\"id\", \"text\", \"context\"} (context: the utterance before, optional); - for stdin.")],
) -> None:
    """Client talk type (change, neutral, sustain), the model's confidence, and how far to trust the label.

    `trust` is the cross-validated precision of labels of that type at that confidence: how often
    such a label was right on transcripts the model had not seen. A crisis statement is marked
    `"crisis": true`: talk types do not describe it.
    """
    from midcourse.text.talk import TalkTypeModel

    model = TalkTypeModel.load()

    def handle(items: list[Item]) -> list[dict[str, Any]]:
        return model.answers([item.text for item in items], [item.context for item in items])

    _run(path, handle)
