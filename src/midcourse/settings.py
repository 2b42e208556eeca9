"""Every threshold of the assessment, with its default and its source, readable from a TOML file."""

from __future__ import annotations

import dataclasses
import math
import os
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

PRODUCT = "product default (PRODUCT.md)"


NOISE = ("product default, chosen on the simulated cohort (docs/cohort.md): noise-aware rules "
         "(Stiles et al. 2004; Jacobson & Truax 1991)")


def _setting(default: Any, doc: str, source: str = PRODUCT, low: float | None = None,
             high: float | None = None, choices: tuple[str, ...] | None = None) -> Any:
    """A setting's field: its default, what it does, its source and its allowed values."""
    return field(default=default, metadata={"doc": doc, "source": source, "min": low, "max": high,
                                            "choices": choices})


@dataclass(frozen=True)
class Settings:
    """The thresholds of PRODUCT.md. Change them in a settings file; see docs/assessment.md."""

    def __post_init__(self) -> None:
        _validate(self)

    recent_sessions: int = _setting(4, "Sessions in the recent window: the last N scheduled on or before "
                                       "the as-of date, any status.", low=1, high=100)
    baseline_sessions: int = _setting(4, "Sessions in the baseline: the first N scheduled sessions outside "
                                         "the recent window.", low=0, high=100)
    late_minutes: float = _setting(10.0, "Minutes late from which an attended session counts as an "
                                       "avoidance event.", low=0, high=600)
    attendance_min_events: int = _setting(2, "Avoidance events (late, no-show, client cancellation) in the "
                                             "recent window needed for the attendance family; they must also "
                                             "outnumber the baseline's.", low=1, high=100)
    quit_threshold: float = _setting(5.0, "A check-in `quit` rating at or above this is a quitting sign.", low=0, high=10)
    low_depth: float = _setting(3.0, "A `depth` rating at or below this counts as surface.", low=0, high=10)
    low_depth_count: int = _setting(2, "Recent check-ins with low depth needed for the surface family.", low=1, high=100)
    low_insight: float = _setting(3.0, "An `insight` rating at or below this counts as stale.", low=0, high=10)
    low_insight_count: int = _setting(2, "Recent check-ins with low insight needed for the stale family.", low=1, high=100)
    irritation_count: int = _setting(2, "Recent check-ins with `after` irritated (or upset, where the client's "
                                        "words or a rise over their own earlier rate corroborate it) needed for "
                                        "the irritation family.", low=1, high=100)
    repeat_similarity: float = _setting(0.75, "Similarity (0-1) from which a recent note counts as repeating "
                                             "an earlier one (stale family).", low=0, high=1)
    repeat_share: float = _setting(0.5, "Share of a recent text's sentences that must restate earlier "
                                        "sentences for the text to count as repeating (embedding reader).", low=0, high=1)
    rupture_drop: float = _setting(2.0, "Drop of the alliance index below the mean of the previous "
                                        "check-ins that makes a rupture.",
                                   "product default; ruptures as dips in session-by-session alliance: "
                                   "Stiles et al. 2004, Eubanks et al. 2018", low=0.1, high=10)
    rupture_previous: int = _setting(3, "How many previous check-ins (at most) form the mean a rupture "
                                        "is measured against.", low=1, high=50)
    rupture_min_previous: int = _setting(2, "How many previous check-ins (at least) a rupture needs.", low=1, high=50)
    repair_margin: float = _setting(0.5, "A rupture is repaired when a later alliance index comes back to "
                                         "within this of the mean before it.", low=0, high=10)
    fit_min_checkins: int = _setting(3, "Check-ins needed before a low alliance can mean a poor fit.", low=1, high=100)
    fit_low_alliance: float = _setting(5.5, "Mean alliance index below which the alliance is low.", low=0, high=10)
    fit_formed_alliance: float = _setting(7.0, "Mean alliance index of consecutive check-ins that shows "
                                               "the alliance formed.",
                                          "product default; alliance-outcome link: Flückiger et al. 2018", low=0, high=10)
    fit_formed_run: int = _setting(3, "How many consecutive check-ins must average fit_formed_alliance.", low=1, high=50)
    crisis_days: int = _setting(30, "How far back (days) crisis text and a safety rating count (a later rating "
                                    "of 0 ends a rating's crisis sooner).", low=1, high=365)
    wall_min_families: int = _setting(2, "Wall families needed for the `wall` state.", low=1, high=5)
    min_attended: int = _setting(4, "Attended sessions needed before `wall`, and before a course is "
                                    "past `early`.", low=1, high=100)
    sudden_gain_pct: float = _setting(0.25, "Criterion 2 of sudden gains: share of the pre-gain score.",
                                      "Tang & DeRubeis 1999; suddengains default", low=0, high=1)
    sudden_gain_alpha: float = _setting(0.05, "Criterion 3: alpha of the two-sided t critical value.",
                                        "Tang & DeRubeis 1999; suddengains default", low=0.0001, high=0.5)
    sudden_gain_adjust: bool = _setting(True, "Criterion 3: adjust the critical value for missing values "
                                              "(df = n1 + n2 - 2).", "Lutz et al. 2013; suddengains default")
    sudden_gain_critical_value: float = _setting(2.776, "Criterion 3's fixed critical value when the "
                                                        "adjustment is off.", "suddengains default", low=0, high=100)
    sudden_loss_pct_rule: str = _setting("package", "Criterion 2 for losses: `package` (as suddengains: "
                                                    "x[N] - x[N+1] <= pct * x[N]) or `mirrored` "
                                                    "(x[N+1] - x[N] >= pct * x[N]).", "suddengains", choices=("package", "mirrored"))
    rupture_confirm_drop: float = _setting(1.75, "A drop is confirmed as a rupture when the next check-in is still "
                                                 "at least this far below the mean before the drop.", NOISE,
                                           low=0, high=10)
    rupture_confirm_checkins: int = _setting(2, "...or when the mean of up to this many next check-ins is (one bounce "
                                                "of noise does not hide a drop that holds).", NOISE, low=1, high=5)
    rupture_sd_multiple: float = _setting(4.5, "Without confirmation, a drop is a rupture when it is at least this "
                                               "many of the client's own within-person SDs.", NOISE, low=1, high=10)
    rupture_sd_min_checkins: int = _setting(5, "Check-ins needed before the client's own SD is known.", NOISE,
                                            low=2, high=100)
    rupture_sd_floor: float = _setting(0.5, "The smallest within-person SD assumed (0-10 scale).", NOISE,
                                       low=0, high=5)
    wall_fade_sessions: int = _setting(3, "A wall family counts only while one of its signs lies in the last N "
                                          "sessions: a wall fades when its signs stop.", NOISE, low=1, high=20)
    baseline_scores: int = _setting(2, "Scores averaged into the stable baseline of reliable change (the first N).",
                                    NOISE, low=1, high=4)
    deterioration_confirm_share: float = _setting(
        1.5, "Reliable deterioration and relapse need the score before the latest to be worse by at least this "
             "share of the reliable-change threshold too.",
        NOISE, low=0, high=2)
    deterioration_single_factor: float = _setting(
        2.0, "...unless the latest alone is worse by this many reliable-change thresholds (also: how far above "
             "the tolerance band a single score is not on track).", NOISE, low=1, high=5)
    not_on_track_band: float = _setting(1.25, "Tolerance band above the expected course, in reliable-change "
                                             "thresholds of the instrument (PHQ-9: 6 points at 1.0).", NOISE,
                                        low=0, high=5)
    not_on_track_min_sessions: int = _setting(2, "Sessions after the first score before the expected course is "
                                                 "compared.", NOISE, low=1, high=50)
    no_improvement_sessions: int = _setting(12, "Attended sessions after which no reliable improvement is noted "
                                                "(an observation, not an alert).", PRODUCT, low=1, high=200)
    pause_weeks: int = _setting(4, "Weeks without a session attended or planned after which the course is "
                                   "`paused`.", PRODUCT, low=1, high=104)
    crisis_locale: str = _setting("international", "Which crisis resources to show: international, US, "
                                                   "UK, IE, CA, AU, NZ, EU.")


class SettingsError(ValueError):
    """A settings file or value that cannot be used."""


def _fields() -> dict[str, dataclasses.Field[Any]]:
    return {f.name: f for f in dataclasses.fields(Settings)}


def allowed(name: str) -> str:
    """The values a setting allows, in words: 'a whole number from 1 to 365', 'true or false'."""
    f = _fields()[name]
    default, meta = f.default, f.metadata
    if isinstance(default, bool):
        return "true or false"
    if meta.get("choices"):
        return "one of " + ", ".join(meta["choices"])
    if isinstance(default, str):
        if name == "crisis_locale":
            from midcourse.resources import LOCALES

            return "one of " + ", ".join(LOCALES)
        return "text"
    kind = "a whole number" if isinstance(default, int) else "a number"
    low, high = meta.get("min"), meta.get("max")
    if low is not None and high is not None:
        return f"{kind} from {low:g} to {high:g}"
    return kind


def check(name: str, value: Any) -> Any:
    """The value of a setting, of its type and within its range; raises SettingsError naming the key and
    what it allows."""
    fields = _fields()
    if name not in fields:
        raise SettingsError(f"unknown setting '{name}' (see docs/assessment.md)")
    f = fields[name]
    default, meta = f.default, f.metadata
    wrong = SettingsError(f"{name}: expected {allowed(name)}, got {value!r}")
    if isinstance(default, bool):
        if not isinstance(value, bool):
            raise wrong
        return value
    if isinstance(default, str):
        if not isinstance(value, str):
            raise wrong
        if name == "crisis_locale":
            from midcourse.resources import LOCALES

            if value.upper() not in {loc.upper() for loc in LOCALES}:
                raise SettingsError(f"crisis_locale: '{value}' is not one of {', '.join(LOCALES)}")
        elif meta.get("choices") and value not in meta["choices"]:
            raise wrong
        return value
    if isinstance(value, int) and not isinstance(value, bool) and abs(value) > 10**15:  # float() would overflow
        raise SettingsError(f"{name}: expected {allowed(name)}, got a number of {len(str(abs(value)))} digits")
    if isinstance(value, bool) or not isinstance(value, (int, float)) or math.isnan(value):
        raise wrong
    if isinstance(default, int) and not float(value).is_integer():
        raise wrong
    low, high = meta.get("min"), meta.get("max")
    if (low is not None and value < low) or (high is not None and value > high):
        raise wrong
    return int(value) if isinstance(default, int) else float(value)


def _validate(settings: Settings) -> None:
    for f in dataclasses.fields(settings):
        check(f.name, getattr(settings, f.name))


def documented() -> list[tuple[str, Any, str, str]]:
    """(name, default, description, source) for every setting."""
    return [(f.name, f.default, f.metadata["doc"], f.metadata["source"]) for f in dataclasses.fields(Settings)]


def default_path() -> Path:
    """settings.toml in the user's config directory (MIDCOURSE_CONFIG_DIR overrides)."""
    from midcourse.paths import config_dir

    return config_dir() / "settings.toml"


def load(path: str | Path | None = None) -> Settings:
    """Settings from a TOML file (a [thresholds] table or top-level keys); defaults where absent. A bad
    value is an error naming the file, the key and the values it allows."""
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
    except RecursionError:  # arrays nested thousands deep
        raise SettingsError(f"{file}: values nested too deeply") from None
    data = data.get("thresholds", data)
    if not isinstance(data, dict):
        raise SettingsError(f"{file}: thresholds: expected a table of settings ([thresholds]), got {data!r}")
    changes: dict[str, Any] = {}
    for key, value in data.items():
        try:
            changes[key] = check(key, value)
        except SettingsError as exc:
            raise SettingsError(f"{file}: {exc}") from None
    try:
        return Settings(**changes)
    except SettingsError as exc:
        raise SettingsError(f"{file}: {exc}") from None


_TRUE, _FALSE = ("true", "on", "yes", "1"), ("false", "off", "no", "0", "")


def _typed(name: str, raw: str) -> Any:
    """A value typed in a form, as the setting's type (not yet range-checked)."""
    default = _fields()[name].default
    if isinstance(default, bool):
        if raw.lower() in _TRUE:
            return True
        if raw.lower() in _FALSE:
            return False
        raise SettingsError(f"{name}: expected {allowed(name)}, got {raw!r}")
    if isinstance(default, str):
        return raw
    try:
        number = float(raw)
    except ValueError:
        raise SettingsError(f"{name}: expected {allowed(name)}, got {raw!r}") from None
    return int(number) if isinstance(default, int) and number.is_integer() else number


def save(path: str | Path, values: dict[str, str]) -> Settings:
    """Write the settings that differ from their defaults to a TOML file (values as typed in a form);
    raises SettingsError naming the setting, and leaves the file as it was, when one is invalid."""
    import json

    defaults = Settings()
    chosen: dict[str, Any] = {}
    for f in dataclasses.fields(Settings):
        if f.name not in values:
            continue
        value = check(f.name, _typed(f.name, values[f.name].strip()))
        if value != getattr(defaults, f.name):
            chosen[f.name] = value
    lines = ["# midcourse settings (see docs/assessment.md); only what differs from the defaults", "[thresholds]"]
    for name, value in chosen.items():
        text = ("true" if value else "false") if isinstance(value, bool) else (
            json.dumps(value) if isinstance(value, str) else repr(value))
        lines.append(f"{name} = {text}")
    path = Path(path)
    candidate = path.with_suffix(".toml.new")
    if not path.parent.exists():
        path.parent.mkdir(parents=True, mode=0o700)
    candidate.unlink(missing_ok=True)
    # Readable by its user only (0600), like the database and the cache.
    with os.fdopen(os.open(candidate, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600), "w", encoding="utf-8") as handle:
        handle.write("\n".join(lines) + "\n")
    try:
        loaded = load(candidate)
    except SettingsError:
        candidate.unlink()
        raise
    candidate.replace(path)
    return loaded
