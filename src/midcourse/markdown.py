"""Obsidian Markdown: front matter, tags, and the plain text that analysis reads."""

from __future__ import annotations

import re
from typing import Any

import yaml

try:  # libyaml when present: much faster on large vaults
    _Loader: Any = yaml.CSafeLoader
except AttributeError:  # pragma: no cover
    _Loader = yaml.SafeLoader


class FrontMatterError(ValueError):
    """Front matter that is not valid YAML (or not a mapping)."""


_FENCE = re.compile(r"^(```|~~~).*?^\1[^\n]*$", re.MULTILINE | re.DOTALL)
_COMMENT = re.compile(r"%%.*?%%", re.DOTALL)
_EMBED = re.compile(r"!\[\[[^\]]*\]\]|!\[[^\]]*\]\([^)]*\)")
_WIKILINK = re.compile(r"\[\[([^\]|#^]*)(?:#\^?[^\]|]*)?(?:\|([^\]]*))?\]\]")
_MDLINK = re.compile(r"\[([^\]]*)\]\([^)]*\)")
_CALLOUT = re.compile(r"^(\s*>)+\s*\[![^\]]*\][+-]?\s*", re.MULTILINE)
_QUOTE = re.compile(r"^(\s*>)+ ?", re.MULTILINE)
_BLOCK_ID = re.compile(r"(?:^|\s)\^[A-Za-z0-9-]+\s*$", re.MULTILINE)
_HEADING = re.compile(r"^#{1,6}\s+", re.MULTILINE)
_LIST = re.compile(r"^\s*(?:[-*+]|\d+[.)])\s+(?:\[[ xX]\]\s+)?", re.MULTILINE)
_EMPHASIS = re.compile(r"(\*\*|__|==|~~)")
_INLINE_FIELD = re.compile(r"\[?\b[\w-]+::\s*[^\]\n]*\]?")
TAG = re.compile(r"(?<![\w/#&])#([A-Za-z0-9_/-]*[A-Za-z_/-][A-Za-z0-9_/-]*)")


def split_front_matter(text: str) -> tuple[dict[str, Any], str]:
    """(properties, body) of a note; raises FrontMatterError for broken YAML."""
    if not text.startswith("---"):
        return {}, text
    lines = text.split("\n")
    if lines[0].strip() != "---":
        return {}, text
    for i in range(1, len(lines)):
        if lines[i].strip() in ("---", "..."):
            raw = "\n".join(lines[1:i])
            body = "\n".join(lines[i + 1:])
            try:
                data = yaml.load(raw, Loader=_Loader) if raw.strip() else {}
            except yaml.YAMLError as exc:
                mark = getattr(exc, "problem_mark", None)
                where = f" (line {mark.line + 2})" if mark is not None else ""
                problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
                raise FrontMatterError(f"front matter is not valid YAML{where}: {problem}") from exc
            if data is None:
                data = {}
            if not isinstance(data, dict):
                raise FrontMatterError("front matter is not a set of properties")
            return data, body
    raise FrontMatterError("front matter is not closed by a line with ---")


def inline_tags(body: str) -> list[str]:
    """#tags in the body, outside code blocks, in order, each once."""
    text = _FENCE.sub("", _COMMENT.sub("", body))
    text = re.sub(r"`[^`\n]*`", "", text)
    text = _MDLINK.sub(lambda m: m.group(1), text)  # '#' in a link target is an anchor, not a tag
    seen: dict[str, None] = {}
    for m in TAG.finditer(text):
        seen.setdefault(m.group(1), None)
    return list(seen)


def plain_text(body: str) -> str:
    """The words of a note for analysis: no code, comments, embeds, link syntax, callout markers,
    block ids, tags or inline fields; the note itself is never changed."""
    text = _FENCE.sub("", body)
    text = _COMMENT.sub("", text)
    text = _EMBED.sub("", text)
    text = _WIKILINK.sub(lambda m: (m.group(2) or m.group(1) or "").strip(), text)
    text = _MDLINK.sub(lambda m: m.group(1), text)
    text = _CALLOUT.sub("", text)
    text = _QUOTE.sub("", text)
    text = _BLOCK_ID.sub("", text)
    text = _HEADING.sub("", text)
    text = _LIST.sub("", text)
    text = _INLINE_FIELD.sub("", text)
    text = TAG.sub("", text)
    text = _EMPHASIS.sub("", text)
    text = re.sub(r"`([^`\n]*)`", r"\1", text)
    lines = [line.strip() for line in text.split("\n")]
    text = "\n".join(line for line in lines if line and not re.fullmatch(r"[-*_=]{3,}", line))
    return text.strip()
