"""The public API: every name in midcourse.__all__ is importable from the package."""

import midcourse


def test_every_public_name_is_importable():
    missing = [name for name in midcourse.__all__ if getattr(midcourse, name, None) is None]
    assert missing == []


def test_the_readme_example_runs(tmp_path):
    with midcourse.Store(tmp_path / "m.db") as store:
        store.create_client("me")
        store.update(None, lambda r: midcourse.save_session(r, {"date": "2026-03-02T17:00", "status": "attended"}))
        record = store.load()
    from midcourse.assess import assess

    result = assess(record)
    assert result.state == "early"


def test_all_lists_exactly_the_lazy_names():
    assert set(midcourse.__all__) == {"__version__", *midcourse._PUBLIC}
