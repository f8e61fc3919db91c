"""Shared fixtures: where things are, and the banks loaded once per session."""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from sqlalchemy.engine import make_url

from questions.bank import Bank, load_bank

ROOT = Path(__file__).resolve().parent.parent
QUESTIONS = ROOT / "questions"
TEST_BANKS = ROOT / "tests" / "banks"
MINI_BANK = TEST_BANKS / "mini.yaml"
CORE_BANK = QUESTIONS / "core.yaml"
READINESS_BANK = QUESTIONS / "readiness.yaml"
SITUATIONS = QUESTIONS / "situations.yaml"


@pytest.fixture(scope="session")
def mini() -> Bank:
    """tests/banks/mini.yaml: two axes, seven items, scores easy to compute by hand."""
    return load_bank(MINI_BANK)


@pytest.fixture(scope="session")
def core() -> Bank:
    """The shipped core bank (questions/core.yaml)."""
    return load_bank(CORE_BANK)


@pytest.fixture(scope="session")
def readiness() -> Bank:
    """The shipped readiness bank (questions/readiness.yaml)."""
    return load_bank(READINESS_BANK)


@contextmanager
def postgres_schema(prefix: str) -> Iterator[str]:
    """A URL to a fresh, empty PostgreSQL schema on TEST_DATABASE_URL, dropped afterwards
    (the test is skipped, saying why, when TEST_DATABASE_URL is not set)."""
    from store import make_engine

    base = os.environ.get("TEST_DATABASE_URL")
    if not base:
        pytest.skip("TEST_DATABASE_URL not set: the PostgreSQL half of this test")
    schema = f"{prefix}_{uuid.uuid4().hex[:12]}"
    admin = make_engine(base)
    with admin.begin() as connection:
        connection.exec_driver_sql(f"CREATE SCHEMA {schema}")
    url = make_url(base).update_query_dict({"options": f"-csearch_path={schema}"})
    try:
        yield url.render_as_string(hide_password=False)
    finally:
        with admin.begin() as connection:
            connection.exec_driver_sql(f"DROP SCHEMA {schema} CASCADE")
        admin.dispose()


BACKENDS = ["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)]
"""Every store and workshop test runs on both databases."""


@pytest.fixture(params=BACKENDS)
def db_url(request: pytest.FixtureRequest, tmp_path) -> Iterator[str]:
    """A fresh, empty database: a SQLite file, or a PostgreSQL schema of this test's own."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'app.db'}"
        return
    with postgres_schema("test_store") as url:
        yield url


@pytest.fixture
def store(db_url: str):
    """A Store on a fresh database of each kind."""
    from store import Store

    opened = Store(db_url)
    yield opened
    opened.close()


@pytest.fixture
def data_dir(tmp_path, monkeypatch):
    """A fresh SQLite data folder for the app, as on a newcomer's first run, and the
    shipped questions folder."""
    folder = tmp_path / "data"
    monkeypatch.setenv("DATA_DIR", str(folder))
    monkeypatch.delenv("DATABASE_URL", raising=False)
    monkeypatch.delenv("QUESTIONS_DIR", raising=False)
    return folder


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """The browser tests run one after another on one worker: each starts a server and
    a chromium, and two at once on a small machine starve each other's waits."""
    for item in items:
        if item.get_closest_marker("browser"):
            item.add_marker(pytest.mark.xdist_group("browser"))


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    """With REQUIRE_ALL_TESTS set (CI), a skipped test fails the run: CI provides
    PostgreSQL and chromium, so a skip there means a part went untested."""
    if not os.environ.get("REQUIRE_ALL_TESTS"):
        return
    reporter = session.config.pluginmanager.get_plugin("terminalreporter")
    skipped = reporter.stats.get("skipped", []) if reporter else []
    if skipped and exitstatus == 0:
        reasons = sorted({str(report.longrepr[-1]) for report in skipped})
        reporter.write_line(
            f"REQUIRE_ALL_TESTS: {len(skipped)} tests skipped: " + "; ".join(reasons), red=True
        )
        session.exitstatus = pytest.ExitCode.TESTS_FAILED
