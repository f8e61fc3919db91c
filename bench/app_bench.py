"""Server-side timings of the app, through Streamlit's AppTest (no browser, no network).

    python bench/app_bench.py

Prints the median time of one answer on the full form (a click on an option to the end
of the rerun that saves it; target at most 150 ms) and of opening the results page of a
finished full form, PDF report included (target at most 2 s).
"""

from __future__ import annotations

import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ["DATA_DIR"] = tempfile.mkdtemp(prefix="app-bench-")
os.environ.pop("DATABASE_URL", None)
os.environ["STREAMLIT_LOGGER_LEVEL"] = "error"  # AppTest runs without a server runtime

import streamlit as st  # noqa: E402
from streamlit.testing.v1 import AppTest  # noqa: E402

from questions.bank import load_bank  # noqa: E402
from store import Store  # noqa: E402

ANSWERS = 30
RESULT_RUNS = 5


def open_app(**query: str) -> AppTest:
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120)
    at.query_params.update(query)
    return at.run()


def time_answers() -> list[float]:
    at = open_app()
    at.radio(key="form").set_value("full")
    at.button(key="start").click().run()
    timings = []
    for n in range(ANSWERS):
        radios = [r for r in at.radio if r.key and r.key.startswith("answer:")]
        radio = radios[n % len(radios)]
        options = radio.proto.options
        value = str(1 + n % 5) if len(options) == 5 else None
        if value is None:
            item_id = radio.key.rsplit(":", 1)[1]
            options_ids = [o.id for o in CORE.item(item_id).options]
            value = options_ids[n % len(options_ids)]
        radio.set_value(value)
        start = time.perf_counter()
        at.run()
        timings.append(time.perf_counter() - start)
        assert not at.exception, at.exception
    return timings


def time_results() -> list[float]:
    store = Store(f"sqlite:///{os.environ['DATA_DIR']}/app.db")
    timings = []
    for _ in range(RESULT_RUNS):
        sheet, token = store.start_sheet(CORE.id, CORE.version, None)
        for n, item in enumerate(CORE.items):
            values = list(item.contributions(CORE.likert))
            store.save_answer(sheet.id, item.id, values[n % len(values)])
        store.finish(sheet.id)
        st.cache_data.clear()  # a first visit: nothing cached for this sheet
        start = time.perf_counter()
        at = open_app(resume=token)
        timings.append(time.perf_counter() - start)
        assert not at.exception, at.exception
        assert at.title[0].value == "Your profile"
    return timings


CORE = load_bank(ROOT / "questions" / "core.yaml")

if __name__ == "__main__":
    open_app()  # warm up: imports, bank loading, database creation
    answers = time_answers()
    results = time_results()
    print(
        f"one answer, full form (AppTest rerun): median {statistics.median(answers) * 1000:.0f} ms"
        f" over {len(answers)} answers (target <= 150 ms)"
    )
    print(
        f"results page with PDF (AppTest run):   median {statistics.median(results) * 1000:.0f} ms"
        f" over {len(results)} runs (target <= 2000 ms)"
    )
