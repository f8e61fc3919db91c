"""Shared fixtures: where things are, and the banks loaded once per session."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from questions.bank import Bank, load_bank

ROOT = Path(__file__).resolve().parent.parent
QUESTIONS = ROOT / "questions"
TEST_BANKS = ROOT / "tests" / "banks"
MINI_BANK = TEST_BANKS / "mini.yaml"
CORE_BANK = QUESTIONS / "core.yaml"
READINESS_BANK = QUESTIONS / "readiness.yaml"
SITUATIONS = QUESTIONS / "situations.yaml"
SEEDS = ROOT.parent / "shared" / "seeds"


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
