"""YAML as people write it in front matter and midcourse.yaml, read within limits.

PyYAML's safe loader, with four changes: aliases have a budget (a few hundred bytes of nested aliases
otherwise expand to billions of values); a value that is not plain data (binary, sets, unknown tags)
or an integer too long to be a number becomes `Refused`, so that only that property is skipped; an
impossible date (`2026-02-30`) stays the text it was, for the caller to name; and nothing recurses
on the input's depth.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

import yaml
from yaml.nodes import MappingNode, Node, SequenceNode

from midcourse.limits import MAX_NUMBER_DIGITS, MAX_YAML_ALIASES, MAX_YAML_VALUES

try:  # libyaml when present: much faster on large vaults
    _Base: Any = yaml.CSafeLoader
except AttributeError:  # pragma: no cover
    _Base = yaml.SafeLoader


class YamlError(ValueError):
    """YAML that cannot be read: broken, or beyond the limits. The message says where, and reads
    after the document's name ('front matter is not valid YAML (line 3): ...')."""


@dataclass(frozen=True)
class Refused:
    """A value that is not plain data, kept only to say what it was."""

    what: str

    def __str__(self) -> str:
        return self.what


class _Loader(_Base):  # type: ignore[misc]
    """The safe loader, counting aliases and expanded values before anything is built."""

    def get_single_data(self) -> Any:
        node = self.get_single_node()
        if node is None:
            return None
        _check_size(node, self._aliases)
        return self.construct_document(node)


def _check_size(root: Node, aliases: int) -> None:
    """Refuse a document whose values, aliases expanded, exceed the budget (or that contains itself)."""
    if aliases > MAX_YAML_ALIASES:
        raise YamlError(f"has more than {MAX_YAML_ALIASES} aliases (*name)")
    sizes: dict[int, int] = {}
    open_nodes: set[int] = set()
    stack: list[tuple[Node, bool]] = [(root, False)]
    while stack:
        node, done = stack.pop()
        key = id(node)
        if done:
            open_nodes.discard(key)
            sizes[key] = 1 + sum(sizes[id(child)] for child in _children(node))
            if sizes[key] > MAX_YAML_VALUES:
                raise YamlError(f"has more than {MAX_YAML_VALUES:,} values once its aliases are expanded")
            continue
        if key in sizes:
            continue
        if key in open_nodes:
            raise YamlError("has a value that contains itself (a recursive alias)")
        open_nodes.add(key)
        stack.append((node, True))
        stack.extend((child, False) for child in _children(node) if id(child) not in sizes)


def _children(node: Node) -> list[Node]:
    if isinstance(node, SequenceNode):
        return list(node.value)
    if isinstance(node, MappingNode):
        return [n for pair in node.value for n in pair]
    return []


def _timestamp(loader: Any, node: Node) -> Any:
    try:
        return yaml.constructor.SafeConstructor.construct_yaml_timestamp(loader, node)
    except (ValueError, OverflowError):
        return loader.construct_scalar(node)  # '2026-02-30' stays text; the caller names the property


def _int(loader: Any, node: Node) -> Any:
    text = str(loader.construct_scalar(node))
    if sum(ch.isalnum() for ch in text) > MAX_NUMBER_DIGITS + 2:
        return Refused(f"a number of {len(text)} digits")
    return yaml.constructor.SafeConstructor.construct_yaml_int(loader, node)


def _refuse(what: str) -> Any:
    def construct(loader: Any, node: Node) -> Refused:
        return Refused(what)
    return construct


def _undefined(loader: Any, node: Node) -> Refused:
    return Refused(f"a value tagged {node.tag.replace('tag:yaml.org,2002:', '!!')}")


_Loader.add_constructor("tag:yaml.org,2002:timestamp", _timestamp)
_Loader.add_constructor("tag:yaml.org,2002:int", _int)
_Loader.add_constructor("tag:yaml.org,2002:binary", _refuse("binary data"))
_Loader.add_constructor("tag:yaml.org,2002:set", _refuse("a set"))
_Loader.add_constructor("tag:yaml.org,2002:omap", _refuse("an ordered map"))
_Loader.add_constructor("tag:yaml.org,2002:pairs", _refuse("a list of pairs"))
_Loader.add_constructor(None, _undefined)


def _count_aliases(text: str) -> int:
    """Aliases in a YAML text, counted from its events (the parser never expands them)."""
    count = 0
    for event in yaml.parse(text, Loader=_Base):
        if isinstance(event, yaml.AliasEvent):
            count += 1
    return count


def load(text: str, first_line: int = 1) -> Any:
    """The value of a YAML document; raises YamlError naming the line (counted from `first_line`)."""
    try:
        aliases = _count_aliases(text) if "*" in text else 0
        loader = _Loader(text)
        loader._aliases = aliases
        try:
            return loader.get_single_data()
        finally:
            loader.dispose()
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" (line {mark.line + first_line})" if mark is not None else ""
        problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
        raise YamlError(f"is not valid YAML{where}: {problem}") from exc
    except RecursionError:
        raise YamlError("is nested too deeply") from None


def plain(value: Any, depth: int = 0) -> str | None:
    """Why a loaded value is not plain data a property may hold (None when it is)."""
    stack = [(value, depth)]
    while stack:
        item, level = stack.pop()
        if level > 16:
            return "nested too deeply"
        if isinstance(item, Refused):
            return item.what
        if isinstance(item, dict):
            stack.extend((v, level + 1) for v in item.values())
            stack.extend((k, level + 1) for k in item)
        elif isinstance(item, list):
            stack.extend((v, level + 1) for v in item)
        elif not (item is None or isinstance(item, (str, bool, int, float, dt.date))):
            return f"a {type(item).__name__} value"
    return None
