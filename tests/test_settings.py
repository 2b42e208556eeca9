from pathlib import Path

import pytest
from hypothesis import given

from midcourse import settings
from midcourse.settings import Settings, SettingsError
from tests.strategies import toml_documents

DOCS = Path(__file__).resolve().parents[1] / "docs" / "assessment.md"


def test_every_setting_has_a_description_and_a_source():
    for name, _default, doc, source in settings.documented():
        assert doc and source, name


def test_every_setting_is_documented_with_its_default():
    text = DOCS.read_text()
    for name, default, _doc, _source in settings.documented():
        assert f"`{name}`" in text, f"{name} is missing from docs/assessment.md"
        shown = str(default).lower() if isinstance(default, bool) else f"{default:g}" if isinstance(
            default, float) else str(default)
        row = next(line for line in text.splitlines() if line.startswith(f"| `{name}`"))
        assert f"| {shown} |" in row or f"| `{shown}` |" in row, f"{name}: default {shown} not in {row}"


def test_load_reads_a_thresholds_table(tmp_path):
    path = tmp_path / "s.toml"
    path.write_text("[thresholds]\nlate_minutes = 15\nrecent_sessions = 6\ncrisis_locale = \"UK\"\n")
    loaded = settings.load(path)
    assert (loaded.late_minutes, loaded.recent_sessions, loaded.crisis_locale) == (15.0, 6, "UK")
    assert loaded.quit_threshold == Settings().quit_threshold


def test_load_uses_the_default_location(monkeypatch, tmp_path):
    monkeypatch.setenv("MIDCOURSE_CONFIG_DIR", str(tmp_path))
    assert settings.load() == Settings()
    (tmp_path / "settings.toml").write_text("quit_threshold = 6\n")
    assert settings.load().quit_threshold == 6


@pytest.mark.parametrize(("text", "message"), [
    ("lateness = 3\n", "unknown setting 'lateness'"),
    ("late_minutes = \"ten\"\n", "late_minutes: expected a number from 0 to 600, got 'ten'"),
    ("recent_sessions = 4.5\n", "recent_sessions: expected a whole number from 1 to 100, got 4.5"),
    ("recent_sessions = -2\n", "recent_sessions: expected a whole number from 1 to 100, got -2"),
    ("crisis_days = 0\n", "crisis_days: expected a whole number from 1 to 365, got 0"),
    ("sudden_loss_pct_rule = \"both\"\n", "sudden_loss_pct_rule: expected one of package, mirrored, got 'both'"),
    ("sudden_gain_adjust = 1\n", "sudden_gain_adjust: expected true or false, got 1"),
    ("late_minutes = \n", "Invalid value"),
])
def test_bad_settings_files_name_the_file_and_key(tmp_path, text, message):
    path = tmp_path / "s.toml"
    path.write_text(text)
    with pytest.raises(SettingsError) as info:
        settings.load(path)
    assert str(info.value).startswith(f"{path}: ")
    assert message in str(info.value)


def test_missing_explicit_file_is_an_error(tmp_path):
    with pytest.raises(SettingsError, match="no such settings file"):
        settings.load(tmp_path / "nope.toml")


def test_an_unknown_crisis_locale_is_an_error_when_the_file_is_read(tmp_path):
    path = tmp_path / "s.toml"
    path.write_text('crisis_locale = "FR"\n')
    with pytest.raises(SettingsError) as info:
        settings.load(path)
    assert str(info.value) == (f"{path}: crisis_locale: 'FR' is not one of international, US, CA, UK, IE, "
                               "AU, NZ, EU")
    path.write_text('crisis_locale = "uk"\n')
    assert settings.load(path).crisis_locale == "uk"


@pytest.mark.parametrize(("values", "message"), [
    ({"recent_sessions": "-2"}, "recent_sessions: expected a whole number from 1 to 100, got -2"),
    ({"sudden_gain_adjust": "maybe"}, "sudden_gain_adjust: expected true or false, got 'maybe'"),
    ({"crisis_days": "0"}, "crisis_days: expected a whole number from 1 to 365, got 0"),
    ({"repeat_similarity": "1.5"}, "repeat_similarity: expected a number from 0 to 1, got 1.5"),
])
def test_save_refuses_bad_values_and_leaves_the_file(tmp_path, values, message):
    path = tmp_path / "s.toml"
    settings.save(path, {"late_minutes": "12"})
    before = path.read_text()
    with pytest.raises(SettingsError) as info:
        settings.save(path, values)
    assert str(info.value) == message
    assert path.read_text() == before


def test_save_reads_booleans_in_words(tmp_path):
    assert settings.save(tmp_path / "s.toml", {"sudden_gain_adjust": "off"}).sudden_gain_adjust is False


def test_settings_made_in_code_are_checked_too():
    with pytest.raises(SettingsError, match="crisis_days: expected a whole number from 1 to 365, got 0"):
        Settings(crisis_days=0)


def test_every_setting_has_an_allowed_range_or_choices():
    import dataclasses

    for f in dataclasses.fields(Settings):
        if isinstance(f.default, (int, float)) and not isinstance(f.default, bool):
            assert f.metadata["min"] is not None and f.metadata["max"] is not None, f.name
            assert f.metadata["min"] <= f.default <= f.metadata["max"], f.name


@pytest.fixture(scope="module")
def settings_dir(tmp_path_factory):
    """A folder for the fuzz test's settings file."""
    return tmp_path_factory.mktemp("settings")


@pytest.mark.fuzz
@given(text=toml_documents())
def test_fuzz_any_settings_file_loads_or_fails_with_a_settings_error(settings_dir, text):
    path = settings_dir / "settings.toml"
    path.write_text(text, encoding="utf-8", errors="surrogatepass")
    try:
        loaded = settings.load(path)
    except SettingsError as exc:
        assert str(exc).startswith(f"{path}: ")
        return
    assert isinstance(loaded, Settings)


@pytest.mark.parametrize(("text", "message"), [
    ("thresholds = 0\n", "thresholds: expected a table of settings ([thresholds]), got 0"),
    ("late_minutes = " + "9" * 400 + "\n", "late_minutes: expected a number from 0 to 600, got a number of 400 digits"),
    ("late_minutes = " + "[" * 5000 + "]" * 5000 + "\n", "values nested too deeply"),
])
def test_settings_files_the_fuzz_test_found_are_errors_naming_the_key(tmp_path, text, message):
    path = tmp_path / "s.toml"
    path.write_text(text)
    with pytest.raises(SettingsError) as info:
        settings.load(path)
    assert str(info.value) == f"{path}: {message}"
