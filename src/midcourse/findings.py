"""Findings and their evidence: what every analysis returns."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from midcourse.wording import count

__all__ = ["Evidence", "Finding", "count"]  # count: the package's one pluraliser, kept importable here


@dataclass(frozen=True)
class Evidence:
    """One observation behind a finding: when, from where, what, and the words if any."""

    date: str
    source: str
    detail: str
    value: float | str | None = None
    quote: str | None = None
    ref: str | None = None

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {"date": self.date, "source": self.source, "detail": self.detail}
        if self.value is not None:
            out["value"] = self.value
        if self.quote is not None:
            out["quote"] = self.quote
        if self.ref is not None:
            out["ref"] = self.ref
        return out


@dataclass(frozen=True)
class Finding:
    """A named observation with its evidence; `flag` is False for information only."""

    kind: str
    summary: str
    evidence: list[Evidence] = field(default_factory=list)
    flag: bool = True
    data: dict[str, Any] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {"kind": self.kind, "summary": self.summary, "flag": self.flag,
                               "evidence": [e.to_dict() for e in self.evidence]}
        if self.data:
            out["data"] = self.data
        return out
