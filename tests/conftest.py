"""Shared fixtures: stores on SQLite and (when configured) PostgreSQL, the shared data folder."""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import quote

import pytest
import sqlalchemy as sa
from hypothesis import HealthCheck, settings

from midcourse.store import Store

# Fuzz tests (marked `fuzz`) take their number of examples from the profile: a fast one in
# `make test`, a long one (at least 10,000 examples per parser) in `make fuzz`.
settings.register_profile("fast", max_examples=40, deadline=None,
                          suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much])
settings.register_profile("fuzz", max_examples=10_000, deadline=None,
                          suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much])
settings.load_profile("fast")

SHARED_DATA = Path(os.environ.get("MIDCOURSE_SHARED_DATA") or Path(__file__).resolve().parents[2] / "shared" / "data")
POSTGRES_URL = os.environ.get("MIDCOURSE_TEST_POSTGRES_URL")


def pytest_report_header(config: pytest.Config) -> list[str]:
    lines = []
    if not POSTGRES_URL:
        lines.append("PostgreSQL: MIDCOURSE_TEST_POSTGRES_URL is not set; the PostgreSQL storage "
                     "tests are SKIPPED (.ci/run sets it)")
    else:
        lines.append(f"PostgreSQL: storage tests run against {POSTGRES_URL}")
    if not SHARED_DATA.exists():
        lines.append(f"reference data: {SHARED_DATA} is missing; golden tests are SKIPPED")
    return lines


@pytest.fixture(scope="session")
def shared_cache(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One embedding cache for the whole run: texts embedded by one test are reused by the next."""
    return tmp_path_factory.mktemp("cache")


@pytest.fixture(autouse=True)
def isolated_dirs(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch,
                  shared_cache: Path) -> None:
    """Keep every test away from the real user data, config and cache directories."""
    base = tmp_path_factory.mktemp("home")
    monkeypatch.setenv("MIDCOURSE_DATA_DIR", str(base / "data"))
    monkeypatch.setenv("MIDCOURSE_CONFIG_DIR", str(base / "config"))
    monkeypatch.setenv("MIDCOURSE_CACHE", str(shared_cache))
    monkeypatch.delenv("MIDCOURSE_DB", raising=False)


@pytest.fixture(autouse=True)
def unkeyed_cache() -> Iterator[None]:
    """An encrypted store opened by one test keys the process's embedding cache: never the next test's."""
    from midcourse.text.cache import use_secret

    yield
    use_secret(None)


@pytest.fixture
def shared_data() -> Path:
    """The project's shared reference data folder (skips where it is not there)."""
    if not SHARED_DATA.exists():
        pytest.skip(f"reference data not found at {SHARED_DATA}")
    return SHARED_DATA


def postgres_schema_url() -> Iterator[str]:
    """A URL on a fresh PostgreSQL schema of its own, dropped afterwards."""
    assert POSTGRES_URL
    schema = "t_" + uuid.uuid4().hex[:12]
    admin = sa.create_engine(_psycopg(POSTGRES_URL))
    with admin.begin() as conn:
        conn.execute(sa.text(f'CREATE SCHEMA "{schema}"'))
    sep = "&" if "?" in POSTGRES_URL else "?"
    try:
        yield f"{POSTGRES_URL}{sep}options={quote(f'-csearch_path={schema}')}"
    finally:
        with admin.begin() as conn:
            conn.execute(sa.text(f'DROP SCHEMA "{schema}" CASCADE'))
        admin.dispose()


def _psycopg(url: str) -> str:
    return url.replace("postgresql://", "postgresql+psycopg://", 1)


@pytest.fixture(params=["sqlite", "postgresql"])
def db_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """A database for one test: a SQLite file, or a PostgreSQL schema of its own."""
    if request.param == "sqlite":
        yield str(tmp_path / "midcourse.db")
    else:
        if not POSTGRES_URL:
            pytest.skip("PostgreSQL: set MIDCOURSE_TEST_POSTGRES_URL to run (.ci/run does)")
        yield from postgres_schema_url()


@pytest.fixture
def store(db_url: str) -> Iterator[Store]:
    """An empty, migrated store on each backend."""
    with Store(db_url) as s:
        yield s


@pytest.fixture
def sam_db(tmp_path: Path) -> str:
    """A SQLite database holding the demo's course as the client's own record, 'sam'."""
    from midcourse.demo import demo_record

    path = str(tmp_path / "sam.db")
    with Store(path) as store:
        store.save("sam", demo_record())
    return path
