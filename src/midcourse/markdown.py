"""Obsidian Markdown: front matter, tags, and the plain text that analysis reads.

CommonMark — blocks, fences, indented code, HTML blocks and comments, links, emphasis, tables — is
parsed by markdown-it-py. Only Obsidian's own extensions are handled here: `%%comments%%`,
`[[wikilinks]]` and `![[embeds]]`, callouts, block ids, inline fields, `==highlights==` and #tags.
Every step runs in time linear in the note's length.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from markdown_it import MarkdownIt
from markdown_it.rules_inline import StateInline
from markdown_it.token import Token

from midcourse.safe_yaml import YamlError, load


class FrontMatterError(ValueError):
    """Front matter that is not valid YAML (or not a mapping, or beyond the limits)."""


# A wikilink or embed: its target holds no bracket and no line break, so a match attempt stops at
# the next bracket and the whole scan stays linear even on thousands of unclosed '[['.
_WIKILINK = re.compile(r"(!?)\[\[([^\[\]\n]*)\]\]")
_CALLOUT = re.compile(r"^\[![^\]\n]*\][+-]?[ \t]*")
_TASK = re.compile(r"^\[[^\]\n]\][ \t]+")
_BLOCK_ID = re.compile(r"(?:^|[ \t])\^[A-Za-z0-9-]+[ \t]*$", re.MULTILINE)
_MARKS = re.compile(r"==|\*\*")
_HTML_COMMENT = re.compile(r"<!--.*?(?:-->|\Z)", re.DOTALL)
_HTML_TAG = re.compile(r"<[^<>]*>")
_RULE = re.compile(r"[-*_=]{3,}")
MAX_FIELD_KEY = 100  # Dataview keys are short; looking back further would make the scan quadratic
TAG = re.compile(r"(?<![\w/#&])#([A-Za-z0-9_/-]*[A-Za-z_/-][A-Za-z0-9_/-]*)")


def _wikilink_rule(state: StateInline, silent: bool) -> bool:
    """[[Target#Heading|alias]] as one token ('embed' when it starts with '!')."""
    if state.src[state.pos] not in "[!":
        return False
    m = _WIKILINK.match(state.src, state.pos)
    if m is None:
        return False
    if not silent:
        token = state.push("embed" if m.group(1) else "wikilink", "", 0)
        token.content = m.group(2)
    state.pos = m.end()
    return True


def _parsers() -> tuple[MarkdownIt, MarkdownIt]:
    full = MarkdownIt("commonmark").enable(["table", "strikethrough"])
    full.inline.ruler.before("link", "wikilink", _wikilink_rule)
    blocks = MarkdownIt("commonmark").enable(["table"]).disable("inline")  # only where code blocks are
    return full, blocks


_MD, _BLOCKS = _parsers()


def split_front_matter(text: str) -> tuple[dict[str, Any], str]:
    """(properties, body) of a note; raises FrontMatterError for broken or oversized YAML. A value
    that is not plain data comes back as `safe_yaml.Refused`, for the caller to skip by name."""
    if not text.startswith("---"):
        return {}, text
    first_end = text.find("\n")
    if text[:first_end if first_end >= 0 else len(text)].strip() != "---":
        return {}, text
    for m in re.finditer(r"^(?:---|\.\.\.)[ \t]*$", text[first_end + 1:], re.MULTILINE):
        start = first_end + 1
        raw = text[start:start + m.start()]
        body = text[start + m.end() + 1:]
        try:
            data = load(raw, first_line=2) if raw.strip() else {}
        except YamlError as exc:
            raise FrontMatterError(f"front matter {exc}") from exc
        if data is None:
            data = {}
        if not isinstance(data, dict):
            raise FrontMatterError("front matter is not a set of properties")
        return {k if isinstance(k, str) else str(k): v for k, v in data.items()}, body
    raise FrontMatterError("front matter is not closed by a line with ---")


@dataclass(frozen=True)
class Body:
    """What analysis reads of a note's body: its words, and its #tags in order, each once."""

    text: str
    tags: tuple[str, ...]


def inline_tags(body: str) -> list[str]:
    """#tags in the body, outside code, comments and link targets, in order, each once."""
    return list(read_body(body).tags)


def plain_text(body: str) -> str:
    """The words of a note for analysis: no code, comments (Obsidian's and HTML's), embeds, link
    syntax, callout markers, block ids, tags or inline fields; the note itself is never changed."""
    return read_body(body).text


@lru_cache(maxsize=16)
def read_body(body: str) -> Body:
    """A note's words and tags (one parse serves both)."""
    tokens = _MD.parse(_without_comments(body))
    reader = _Reader()
    reader.walk(tokens)
    lines = [line.strip() for line in "\n".join(reader.blocks).split("\n")]
    text = "\n".join(line for line in lines if line and not _RULE.fullmatch(line))
    return Body(text.strip(), tuple(dict.fromkeys(reader.tags)))


def _without_comments(body: str) -> str:
    """The body without Obsidian's %%comments%% (an unclosed one runs to the end); '%%' inside a
    fenced or indented code block is code, not a comment mark."""
    if "%%" not in body:
        return body
    code: list[tuple[int, int]] = []
    starts = _line_starts(body)
    for token in _BLOCKS.parse(body):
        if token.type in ("fence", "code_block") and token.map:
            first, last = token.map
            code.append((starts[first], starts[last] if last < len(starts) else len(body)))
    marks = [m.start() for m in re.finditer("%%", body) if not _inside(m.start(), code)]
    if not marks:
        return body
    kept, pos = [], 0
    for i in range(0, len(marks), 2):
        kept.append(body[pos:marks[i]])
        pos = marks[i + 1] + 2 if i + 1 < len(marks) else len(body)
    kept.append(body[pos:])
    return "".join(kept)


def _line_starts(text: str) -> list[int]:
    return [0] + [m.end() for m in re.finditer("\n", text)]


def _inside(pos: int, ranges: list[tuple[int, int]]) -> bool:
    """Whether a position lies in one of the sorted, disjoint ranges (binary search)."""
    lo, hi = 0, len(ranges)
    while lo < hi:
        mid = (lo + hi) // 2
        start, end = ranges[mid]
        if pos < start:
            hi = mid
        elif pos >= end:
            lo = mid + 1
        else:
            return True
    return False


class _Reader:
    """Walks markdown-it's tokens and keeps the words, one block per entry of `blocks`."""

    def __init__(self) -> None:
        self.blocks: list[str] = []
        self.tags: list[str] = []
        self.in_html_comment = False  # an unclosed '<!--' in running text hides what follows
        self._callout = False
        self._task = False
        self._row: list[str] | None = None

    def walk(self, tokens: list[Token]) -> None:
        for token in tokens:
            kind = token.type
            if kind == "blockquote_open":
                self._callout = True
            elif kind == "list_item_open":
                self._task = True
            elif kind == "tr_open":
                self._row = []
            elif kind == "tr_close" and self._row is not None:
                self.blocks.append(" ".join(cell for cell in self._row if cell))
                self._row = None
            elif kind == "inline":
                text = self._inline(token.children or [])
                if self._callout:
                    text = _CALLOUT.sub("", text, count=1)
                if self._task:
                    text = _TASK.sub("", text, count=1)
                self._callout = self._task = False
                text = self._obsidian(text)
                if self._row is not None:
                    self._row.append(text.replace("\n", " "))
                else:
                    self.blocks.append(text)
            elif kind == "html_block":
                self.blocks.append(self._html(token.content))
            # fences, indented code and everything else carry no words of the client's

    def _inline(self, children: list[Token]) -> str:
        parts: list[str] = []
        skip_link_text = False
        for child in children:
            kind = child.type
            if kind == "text":
                if not skip_link_text:
                    parts.append(self._running_text(child.content))
            elif kind in ("softbreak", "hardbreak"):
                parts.append("\n")
            elif kind == "code_inline":
                if not self.in_html_comment:
                    parts.append(child.content.replace("#", "\x00"))  # code is never a tag
            elif kind == "wikilink":
                if not self.in_html_comment:
                    parts.append(_wikilink_words(child.content))
            elif kind == "link_open":
                skip_link_text = child.markup == "autolink"  # a bare URL is not the client's words
            elif kind == "link_close":
                skip_link_text = False
            elif kind == "html_inline" and child.content.startswith("<!--") and not child.content.endswith("-->"):
                self.in_html_comment = True
            # images, embeds, other inline HTML and emphasis marks carry no words
        return "".join(parts)

    def _running_text(self, text: str) -> str:
        """Text outside any HTML comment (which may open in one token and close in a later one)."""
        out: list[str] = []
        pos = 0
        while pos < len(text):
            if self.in_html_comment:
                end = text.find("-->", pos)
                if end < 0:
                    return "".join(out)
                self.in_html_comment = False
                pos = end + 3
            else:
                start = text.find("<!--", pos)
                if start < 0:
                    out.append(text[pos:])
                    break
                out.append(text[pos:start])
                self.in_html_comment = True
                pos = start + 4
        return "".join(out)

    def _obsidian(self, text: str) -> str:
        """Obsidian's marks in a block of running text: block ids, inline fields, tags, highlights."""
        text = _BLOCK_ID.sub("", text)
        text = _without_fields(text)
        self.tags.extend(m.group(1) for m in TAG.finditer(text))
        text = TAG.sub("", text)
        return _MARKS.sub("", text).replace("\x00", "#")

    def _html(self, content: str) -> str:
        """An HTML block's text: no comments, no tags."""
        if self.in_html_comment:
            end = content.find("-->")
            if end < 0:
                return ""
            self.in_html_comment = False
            content = content[end + 3:]
        # Comments do not nest: one is left open when the last '<!--' comes after the last '-->'.
        self.in_html_comment = content.rfind("<!--") > content.rfind("-->")
        return _HTML_TAG.sub(" ", _HTML_COMMENT.sub("", content))


def _wikilink_words(content: str) -> str:
    """[[Target#Heading|alias]] reads as 'alias'; [[Target#Heading]] and [[Target#^block]] as 'Target'."""
    target, bar, alias = content.partition("|")
    if bar:
        return alias.strip()
    return re.split(r"#", target, maxsplit=1)[0].strip()


def _without_fields(text: str) -> str:
    """Dataview inline fields removed: `key:: value` to the end of its line, `[key:: value]` and
    `(key:: value)` to their bracket. Each '::' looks back over a short key only: linear."""
    if "::" not in text:
        return text
    out: list[str] = []
    pos = search = 0
    while (at := text.find("::", search)) >= 0:
        start = at
        while start > max(pos, at - MAX_FIELD_KEY) and (text[start - 1].isalnum() or text[start - 1] in "_-"):
            start -= 1
        if start == at or (start > pos and (text[start - 1].isalnum() or text[start - 1] in "_-")):
            search = at + 2  # no key, or a key longer than any Dataview key
            continue
        line_end = text.find("\n", at)
        line_end = len(text) if line_end < 0 else line_end
        closer = {"[": "]", "(": ")"}.get(text[start - 1]) if start > 0 else None
        if closer is not None:
            close = text.find(closer, at, line_end)
            end = close + 1 if close >= 0 else line_end
            start -= 1
        else:
            end = line_end
        out.append(text[pos:start])
        pos = search = end
    out.append(text[pos:])
    return "".join(out)
