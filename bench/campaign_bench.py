"""HR campaign timings: the owner's campaign view with 50 candidates x 8 observers.

    python bench/campaign_bench.py

A campaign on the core and readiness banks (quick form), every candidate and observer
finished with random answers (each observer: 1 manager, 4 peers, 3 direct reports per
candidate). Prints the time to score the campaign (reports.campaign, both banks), and
the HR view's full run through AppTest (every tab: progress, comparison, one candidate,
exports, the candidate's PDF) cold (right after a sheet finished: scores recomputed) and
warm (the next click: scores from cache). Medians of several runs; not part of the tests.
"""

from __future__ import annotations

import logging
import os
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ["DATA_DIR"] = tempfile.mkdtemp(prefix="campaign-bench-")
os.environ.pop("DATABASE_URL", None)
os.environ["STREAMLIT_LOGGER_LEVEL"] = "error"

from streamlit.testing.v1 import AppTest  # noqa: E402

from questions.bank import load_bank  # noqa: E402
from reports.campaign import candidate_results, comparison_table  # noqa: E402
from store import Store  # noqa: E402

logging.getLogger("streamlit").setLevel(logging.ERROR)
BANKS = [load_bank(ROOT / "questions" / f"{name}.yaml") for name in ("core", "readiness")]
CANDIDATES = 50
OBSERVERS = {"manager": 1, "peer": 4, "direct_report": 3}
FORM = "quick"
RUNS = 5


def answer(store: Store, token: str, rng: random.Random) -> None:
    invitation = store.invitation_by_token(token)
    store.record_consent(invitation.id)
    banks = [(bank.id, bank.version) for bank in BANKS]
    for sheet, bank in zip(
        store.start_invitation_sheets(invitation.id, banks, token), BANKS, strict=True
    ):
        for item in bank.form_items(FORM):
            values = [o.id for o in item.options] if item.type == "choice" else ["1", "3", "5"]
            store.save_answer(sheet.id, item.id, rng.choice(values))
        store.finish(sheet.id)


def build(store: Store) -> tuple[str, str]:
    rng = random.Random(7)
    campaign, key = store.create_campaign(
        "Bench campaign", [b.id for b in BANKS], FORM, consent_text="Bench."
    )
    for n in range(CANDIDATES):
        candidate, own = store.add_candidate(campaign.id, f"Candidate {n:02d}")
        answer(store, own.token, rng)
        for group, count in OBSERVERS.items():
            for link in store.invite_observers(campaign.id, candidate.person_id, group, count):
                answer(store, link.token, rng)
    return campaign.id, key


def score_once(store: Store, campaign_id: str) -> float:
    started = time.perf_counter()
    campaign = store.campaign(campaign_id)
    sheets = store.campaign_sheets(campaign_id)
    ids = [s.id for s in sheets if s.finished]
    answers, times = store.sheet_answers_frame(ids), store.sheet_answers_frame(ids, times=True)
    progress = {p.person_id: p for p in store.campaign_progress(campaign_id)}
    for bank in BANKS:
        results = candidate_results(
            campaign, bank, store.candidates(campaign_id), sheets, answers, times
        )
        comparison_table(results, progress)
    return time.perf_counter() - started


def main() -> None:
    store = Store(f"sqlite:///{Path(os.environ['DATA_DIR']) / 'app.db'}")
    began = time.perf_counter()
    campaign_id, key = build(store)
    sheets = len(store.campaign_sheets(campaign_id))
    print(
        f"Built {CANDIDATES} candidates x {sum(OBSERVERS.values())} observers "
        f"({sheets} sheets, {FORM} form of {len(BANKS)} banks) "
        f"in {time.perf_counter() - began:.0f} s"
    )
    scoring = [score_once(store, campaign_id) for _ in range(RUNS)]
    print(
        f"Scoring the campaign (both banks, comparison tables): "
        f"median {statistics.median(scoring) * 1000:.0f} ms"
    )

    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120)
    at.run().switch_page("app_pages/hr_campaign.py")
    at.query_params.update({"campaign": campaign_id, "key": key})
    at.run()
    assert not at.exception, at.exception
    cold, warm = [], []
    for _ in range(RUNS):
        from ui.campaign_results import campaign_results

        campaign_results.clear()  # as after a newly finished sheet
        started = time.perf_counter()
        at.run()
        cold.append(time.perf_counter() - started)
        started = time.perf_counter()
        at.run()
        warm.append(time.perf_counter() - started)
    print(
        f"HR view, full run (AppTest): cold median {statistics.median(cold) * 1000:.0f} ms, "
        f"warm median {statistics.median(warm) * 1000:.0f} ms"
    )


if __name__ == "__main__":
    main()
