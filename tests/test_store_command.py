"""python -m store purge: the retention job, run in a subprocess as a scheduler runs it,
against the SQLite file the app would open."""

from __future__ import annotations

import os
import subprocess
import sys
from datetime import timedelta

from conftest import ROOT
from sqlalchemy import update

from store import Store
from store.schema import CampaignRow

CONSENT = "Your answers are used to compare candidates for promotion, then deleted."


def new_campaign(store: Store, title: str):
    campaign, _ = store.create_campaign(
        title, ["core"], None, consent_text=CONSENT, retention_days=30
    )
    return campaign


def python_m_store(*arguments: str, data_dir, environ=None) -> subprocess.CompletedProcess:
    home = data_dir.parent / "home"
    home.mkdir(exist_ok=True)
    env = {
        **{k: v for k, v in os.environ.items() if k != "DATABASE_URL"},
        "DATA_DIR": str(data_dir),
        "HOME": str(home),
        "PYTHONPATH": str(ROOT),
        **(environ or {}),
    }
    return subprocess.run(
        [sys.executable, "-m", "store", *arguments],
        cwd=data_dir.parent,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_the_purge_command_deletes_expired_campaigns_from_the_apps_database(tmp_path):
    data_dir = tmp_path / "data"
    opened = Store(f"sqlite:///{data_dir / 'app.db'}")
    expired = new_campaign(opened, "Last year")
    kept = new_campaign(opened, "This year")
    opened.close_campaign(expired.id)
    with opened.engine.begin() as connection:
        connection.execute(
            update(CampaignRow)
            .where(CampaignRow.id == expired.id)
            .values(closed_at=opened.campaign(expired.id).closed_at - timedelta(days=40))
        )

    dry = python_m_store("purge", "--dry-run", data_dir=data_dir)
    assert dry.returncode == 0, dry.stderr
    assert f"would delete campaign {expired.id}: Last year" in dry.stdout
    assert opened.campaign(expired.id) is not None

    done = python_m_store("purge", data_dir=data_dir)
    assert done.returncode == 0, done.stderr
    assert f"deleted campaign {expired.id}: Last year" in done.stdout
    assert "deleted 1 expired campaign\n" in done.stdout
    assert opened.campaign(expired.id) is None and opened.campaign(kept.id) is not None
    again = python_m_store("purge", data_dir=data_dir)
    assert (again.returncode, again.stdout) == (0, "deleted 0 expired campaigns\n")
    opened.close()


def test_the_purge_command_says_why_it_cannot_open_the_database(tmp_path):
    data_dir = tmp_path / "data"
    refused = python_m_store(
        "purge",
        data_dir=data_dir,
        environ={"DATABASE_URL": "postgresql://scott:tiger-s3cret@127.0.0.1:1/nowhere"},
    )
    assert refused.returncode == 2
    assert "cannot use the database" in refused.stderr and "tiger-s3cret" not in refused.stderr
    assert "Traceback" not in refused.stderr

    (tmp_path / ".streamlit").mkdir()
    (tmp_path / ".streamlit" / "secrets.toml").write_text('database_url = "unclosed\n')
    broken = python_m_store("purge", "--dry-run", data_dir=data_dir)
    assert broken.returncode == 2
    assert "cannot read .streamlit/secrets.toml" in broken.stderr
    assert not data_dir.exists(), "no fallback database was made"
