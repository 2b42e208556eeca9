"""Every threshold of the assessment, with its default and its source, readable from a TOML file."""

from __future__ import annotations

import dataclasses
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

PRODUCT = "product default (PRODUCT.md)"


def _setting(default: Any, doc: str, source: str = PRODUCT) -> Any:
    return field(default=default, metadata={"doc": doc, "source": source})


@dataclass(frozen=True)
class Settings:
    """The thresholds of PRODUCT.md. Change them in a settings file; see docs/assessment.md."""

    recent_sessions: int = _setting(4, "Sessions in the recent window: the last N scheduled on or before "
                                       "the as-of date, any status.")
    baseline_sessions: int = _setting(4, "Sessions in the baseline: the first N scheduled sessions outside "
                                         "the recent window.")
    late_minutes: float = _setting(10.0, "Minutes late from which an attended session counts as an "
                                       "avoidance event.")
    attendance_min_events: int = _setting(2, "Avoidance events (late, no-show, client cancellation) in the "
                                             "recent window needed for the attendance family; they must also "
                                             "outnumber the baseline's.")
    quit_threshold: float = _setting(5.0, "A check-in `quit` rating at or above this is a quitting sign.")
    low_depth: float = _setting(3.0, "A `depth` rating at or below this counts as surface.")
    low_depth_count: int = _setting(2, "Recent check-ins with low depth needed for the surface family.")
    low_insight: float = _setting(3.0, "An `insight` rating at or below this counts as stale.")
    low_insight_count: int = _setting(2, "Recent check-ins with low insight needed for the stale family.")
    irritation_count: int = _setting(2, "Recent check-ins with `after` irritated or upset needed for the "
                                        "irritation family.")
    repeat_similarity: float = _setting(0.75, "Similarity (0-1) from which a recent note counts as repeating "
                                             "an earlier one (stale family).")
    repeat_share: float = _setting(0.5, "Share of a recent text's sentences that must restate earlier "
                                        "sentences for the text to count as repeating (embedding reader).")
    rupture_drop: float = _setting(2.0, "Drop of the alliance index below the mean of the previous "
                                        "check-ins that makes a rupture.",
                                   "product default; ruptures as dips in session-by-session alliance: "
                                   "Stiles et al. 2004, Eubanks et al. 2018")
    rupture_previous: int = _setting(3, "How many previous check-ins (at most) form the mean a rupture "
                                        "is measured against.")
    rupture_min_previous: int = _setting(2, "How many previous check-ins (at least) a rupture needs.")
    repair_margin: float = _setting(0.5, "A rupture is repaired when a later alliance index comes back to "
                                         "within this of the mean before it.")
    fit_min_checkins: int = _setting(3, "Check-ins needed before a low alliance can mean a poor fit.")
    fit_low_alliance: float = _setting(5.5, "Mean alliance index below which the alliance is low.")
    fit_formed_alliance: float = _setting(7.0, "Mean alliance index of consecutive check-ins that shows "
                                               "the alliance formed.",
                                          "product default; alliance-outcome link: Flückiger et al. 2018")
    fit_formed_run: int = _setting(3, "How many consecutive check-ins must average fit_formed_alliance.")
    crisis_days: int = _setting(30, "How far back (days) crisis text counts.")
    wall_min_families: int = _setting(2, "Wall families needed for the `wall` state.")
    min_attended: int = _setting(4, "Attended sessions needed before `wall`, and before a course is "
                                    "past `early`.")
    sudden_gain_pct: float = _setting(0.25, "Criterion 2 of sudden gains: share of the pre-gain score.",
                                      "Tang & DeRubeis 1999; suddengains default")
    sudden_gain_alpha: float = _setting(0.05, "Criterion 3: alpha of the two-sided t critical value.",
                                        "Tang & DeRubeis 1999; suddengains default")
    sudden_gain_adjust: bool = _setting(True, "Criterion 3: adjust the critical value for missing values "
                                              "(df = n1 + n2 - 2).", "Lutz et al. 2013; suddengains default")
    sudden_gain_critical_value: float = _setting(2.776, "Criterion 3's fixed critical value when the "
                                                        "adjustment is off.", "suddengains default")
    sudden_loss_pct_rule: str = _setting("package", "Criterion 2 for losses: `package` (as suddengains: "
                                                    "x[N] - x[N+1] <= pct * x[N]) or `mirrored` "
                                                    "(x[N+1] - x[N] >= pct * x[N]).", "suddengains")
    crisis_locale: str = _setting("international", "Which crisis resources to show: international, US, "
                                                   "UK, IE, CA, AU, NZ, EU.")


class SettingsError(ValueError):
    """A settings file that cannot be used."""


def documented() -> list[tuple[str, Any, str, str]]:
    """(name, default, description, source) for every setting."""
    return [(f.name, f.default, f.metadata["doc"], f.metadata["source"]) for f in dataclasses.fields(Settings)]


def default_path() -> Path:
    """settings.toml in the user's config directory (MIDCOURSE_CONFIG_DIR overrides)."""
    from midcourse.paths import config_dir

    return config_dir() / "settings.toml"


def load(path: str | Path | None = None) -> Settings:
    """Settings from a TOML file (a [thresholds] table or top-level keys); defaults where absent."""
    explicit = path is not None
    file = Path(path) if path is not None else default_path()
    if not file.exists():
        if explicit:
            raise SettingsError(f"{file}: no such settings file")
        return Settings()
    try:
        data = tomllib.loads(file.read_text(encoding="utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise SettingsError(f"{file}: {exc}") from exc
    data = data.get("thresholds", data)
    types = {f.name: f for f in dataclasses.fields(Settings)}
    changes: dict[str, Any] = {}
    for key, value in data.items():
        if key not in types:
            raise SettingsError(f"{file}: unknown setting '{key}' (see docs/assessment.md)")
        default = types[key].default
        expected = ("true or false" if isinstance(default, bool) else "text" if isinstance(default, str)
                    else "a whole number" if isinstance(default, int) else "a number")
        if isinstance(default, bool) != isinstance(value, bool) or (
                isinstance(default, (int, float)) and not isinstance(value, (int, float))) or (
                isinstance(default, str) and not isinstance(value, str)) or (
                isinstance(default, int) and not isinstance(default, bool) and not float(value).is_integer()):
            raise SettingsError(f"{file}: {key}: expected {expected}, got {value!r}")
        changes[key] = value if isinstance(default, (bool, str)) else (
            int(value) if isinstance(default, int) else float(value))
    if changes.get("sudden_loss_pct_rule", "package") not in ("package", "mirrored"):
        raise SettingsError(f"{file}: sudden_loss_pct_rule: expected package or mirrored")
    from midcourse.resources import LOCALES

    locale = changes.get("crisis_locale", "international")
    if locale.upper() not in {loc.upper() for loc in LOCALES}:
        raise SettingsError(f"{file}: crisis_locale: '{locale}' is not one of {', '.join(LOCALES)}")
    return Settings(**changes)


def save(path: str | Path, values: dict[str, str]) -> Settings:
    """Write the settings that differ from their defaults to a TOML file (values as typed in a form);
    raises SettingsError naming the setting, and leaves the file as it was, when one is invalid."""
    import json

    defaults = Settings()
    chosen: dict[str, Any] = {}
    for f in dataclasses.fields(Settings):
        if f.name not in values:
            continue
        raw, default = values[f.name].strip(), f.default
        try:
            if isinstance(default, bool):
                value: Any = raw.lower() in ("true", "on", "yes", "1")
            elif isinstance(default, int):
                value = int(raw)
            elif isinstance(default, float):
                value = float(raw)
            else:
                value = raw
        except ValueError:
            raise SettingsError(f"{f.name}: '{raw}' is not a valid value") from None
        if value != getattr(defaults, f.name):
            chosen[f.name] = value
    lines = ["# midcourse settings (see docs/assessment.md); only what differs from the defaults", "[thresholds]"]
    for name, value in chosen.items():
        text = ("true" if value else "false") if isinstance(value, bool) else (
            json.dumps(value) if isinstance(value, str) else repr(value))
        lines.append(f"{name} = {text}")
    path = Path(path)
    candidate = path.with_suffix(".toml.new")
    path.parent.mkdir(parents=True, exist_ok=True)
    candidate.write_text("\n".join(lines) + "\n", encoding="utf-8")
    try:
        loaded = load(candidate)
    except SettingsError:
        candidate.unlink()
        raise
    candidate.replace(path)
    return loaded
