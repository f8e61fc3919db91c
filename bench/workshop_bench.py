"""Workshop timings: the facilitator view with a large room, and answers written at once.

    python bench/workshop_bench.py

1. The facilitator view's rerun time (AppTest, no browser) with 200 and with 2,000
   finished participants on the full core form (target: at most 500 ms at 2,000): right
   after one more participant finished (the newcomer is scored, the room's figures and
   charts are made again) and at the next live refresh (nothing new: all from cache).
2. The store's write throughput: 8 threads, each answering a full form one answer at a
   time through Store.save_answer, on SQLite and, when TEST_DATABASE_URL (or
   BENCH_DATABASE_URL) names a PostgreSQL server, on PostgreSQL in a throwaway schema.

Each figure is the median of several runs. Nothing here is part of the test run.
"""

from __future__ import annotations

import os
import random
import re
import statistics
import sys
import tempfile
import threading
import time
import uuid
from datetime import UTC, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ["DATA_DIR"] = tempfile.mkdtemp(prefix="workshop-bench-")
os.environ.pop("DATABASE_URL", None)
os.environ["STREAMLIT_LOGGER_LEVEL"] = "error"  # AppTest runs without a server runtime

import logging  # noqa: E402

from sqlalchemy import insert  # noqa: E402
from sqlalchemy.engine import make_url  # noqa: E402
from streamlit.testing.v1 import AppTest  # noqa: E402

from questions.bank import load_bank  # noqa: E402
from store import Store, make_engine, tokens  # noqa: E402
from store.schema import AnswerRow, PersonRow, SheetRow  # noqa: E402
from ui.room import people_now  # noqa: E402

logging.getLogger("streamlit").setLevel(logging.ERROR)  # AppTest's "no runtime" notes
CORE = load_bank(ROOT / "questions" / "core.yaml")
ROOM_SIZES = (200, 2_000)
RERUNS = 7
WRITERS = 8
WRITES_PER_WRITER = 72 * 3  # three full forms each
TARGET_MS = 500


def fill_room(store: Store, workshop_id: str, people: int, seed: int = 1, offset: int = 0) -> None:
    """Add finished participants with full answers, in bulk (the write path is timed in 2)."""
    rng = random.Random(seed)
    now = datetime.now(UTC)
    persons, sheets, answers = [], [], []
    items = [(item.id, sorted(item.contributions(CORE.likert))) for item in CORE.items]
    for n in range(people):
        person_id, sheet_id = uuid.uuid4().hex, uuid.uuid4().hex
        lean = rng.random()
        persons.append({"id": person_id, "display_name": f"P{n}" if n % 3 else None})
        sheets.append(
            {
                "id": sheet_id,
                "person_id": person_id,
                "bank_id": CORE.id,
                "bank_version": CORE.version,
                "form": None,
                "seed": rng.randrange(2**31),
                "started_at": now + timedelta(microseconds=offset + n),
                "finished_at": now + timedelta(minutes=10),
                "token_hash": tokens.hash_secret(tokens.new_secret()),
                "workshop_id": workshop_id,
            }
        )
        for item_id, values in items:
            pick = min(len(values) - 1, max(0, round(rng.gauss(lean, 0.3) * (len(values) - 1))))
            answers.append(
                {
                    "sheet_id": sheet_id,
                    "item_id": item_id,
                    "value": values[pick],
                    "answered_at": now,
                }
            )
    with store.engine.begin() as connection:
        connection.execute(insert(PersonRow), persons)
        connection.execute(insert(SheetRow), sheets)
        for start in range(0, len(answers), 20_000):
            connection.execute(insert(AnswerRow), answers[start : start + 20_000])


def facilitator(code: str, key: str) -> AppTest:
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120)
    at.switch_page("app_pages/facilitate.py")
    at.query_params.update(workshop=code, key=key)
    at.run()
    assert not at.exception, at.exception
    return at


def finished_count(at: AppTest) -> int:
    """The Finished figure of the projector's live counts (ui.presenter.counts_html)."""
    for element in at.get("html"):
        if found := re.search(
            r'data-label="Finished"><span class="count-value">(\d+)<', element.proto.body
        ):
            return int(found[1])
    raise AssertionError("no Finished count on the page")


def time_facilitator(people: int) -> tuple[float, float]:
    """Median rerun times (cold, warm) in ms of the facilitator view of a room."""
    store = Store(f"sqlite:///{os.environ['DATA_DIR']}/app.db")
    workshop, key = store.create_workshop(f"Room of {people}", CORE.id, None)
    fill_room(store, workshop.id, people)
    at = facilitator(workshop.code, key)
    assert finished_count(at) == people, finished_count(at)
    assert len(at.get("vega_lite_chart")) == 1, "the room on each axis is on the page"

    cold, warm = [], []
    for n in range(RERUNS):
        fill_room(store, workshop.id, 1, seed=100 + n, offset=people + n)  # one more finishes
        people_now.clear()  # as at the next live refresh, 4 s on: the shared roster expired
        start = time.perf_counter()
        at.run()
        cold.append(time.perf_counter() - start)
        start = time.perf_counter()
        at.run()  # the next live refresh, nobody new
        warm.append(time.perf_counter() - start)
        assert not at.exception, at.exception
    assert finished_count(at) == people + RERUNS, finished_count(at)
    store.close()
    return 1000 * statistics.median(cold), 1000 * statistics.median(warm)


def write_throughput(store: Store) -> float:
    """Answers per second stored by WRITERS threads at once, one save_answer each."""
    workshop, _ = store.create_workshop("Throughput", CORE.id, None)
    items = [(item.id, sorted(item.contributions(CORE.likert))) for item in CORE.items]
    ready = threading.Barrier(WRITERS + 1)
    errors: list[BaseException] = []

    def writer(n: int) -> None:
        try:
            sheets = [
                store.start_sheet(CORE.id, CORE.version, None, workshop_id=workshop.id)[0]
                for _ in range(WRITES_PER_WRITER // len(items))
            ]
            ready.wait()
            for sheet in sheets:
                for item_id, values in items:
                    store.save_answer(sheet.id, item_id, values[n % len(values)])
        except BaseException as exc:  # reported below, not lost in the thread
            errors.append(exc)
            ready.abort()

    threads = [threading.Thread(target=writer, args=(n,)) for n in range(WRITERS)]
    for thread in threads:
        thread.start()
    ready.wait()
    start = time.perf_counter()
    for thread in threads:
        thread.join()
    elapsed = time.perf_counter() - start
    if errors:
        raise errors[0]
    stored = store.workshop_answers(workshop.id, finished_only=False).notna().sum().sum()
    assert stored == WRITERS * WRITES_PER_WRITER, stored
    return WRITERS * WRITES_PER_WRITER / elapsed


def median_throughput(store: Store, runs: int = 3) -> float:
    return statistics.median(write_throughput(store) for _ in range(runs))


def postgres_throughput() -> str:
    base = os.environ.get("BENCH_DATABASE_URL") or os.environ.get("TEST_DATABASE_URL")
    if not base:
        return "skipped (set TEST_DATABASE_URL or BENCH_DATABASE_URL to a PostgreSQL server)"
    schema = f"bench_{uuid.uuid4().hex[:12]}"
    admin = make_engine(base)
    with admin.begin() as connection:
        connection.exec_driver_sql(f"CREATE SCHEMA {schema}")
    url = make_url(base).update_query_dict({"options": f"-csearch_path={schema}"})
    store = Store(url.render_as_string(hide_password=False))
    try:
        return f"{median_throughput(store):,.0f} answers/s"
    finally:
        store.close()
        with admin.begin() as connection:
            connection.exec_driver_sql(f"DROP SCHEMA {schema} CASCADE")
        admin.dispose()


def main() -> None:
    print(f"Facilitator view, full core form ({len(CORE.items)} items), median of {RERUNS}:")
    for people in ROOM_SIZES:
        cold, warm = time_facilitator(people)
        verdict = ""
        if people == max(ROOM_SIZES):
            met = "met" if max(cold, warm) <= TARGET_MS else "MISSED"
            verdict = f"  (target <= {TARGET_MS} ms: {met})"
        print(f"  {people:>5,} finished: rerun {cold:4.0f} ms after one more finishes, "
              f"{warm:3.0f} ms at the next live refresh{verdict}")  # fmt: skip

    print(f"Store writes, {WRITERS} concurrent writers x {WRITES_PER_WRITER} answers, median of 3:")
    with tempfile.TemporaryDirectory(prefix="workshop-bench-writes-") as folder:
        store = Store(f"sqlite:///{folder}/app.db")
        print(f"  SQLite (WAL):  {median_throughput(store):,.0f} answers/s")
        store.close()
    print(f"  PostgreSQL:    {postgres_throughput()}")


if __name__ == "__main__":
    main()
