"""Scoring speed: 100,000 random respondents on the full core bank through score_frame.

    python bench/score_bench.py        (from anywhere; the repo root is put on sys.path)

Each respondent answers every item at random (a likert item: an integer 1..points; a
choice item: one of its option ids), with about 5% of the cells left blank; the seed is
fixed, so every run scores the same answers. The same answers are also scored by a
straightforward vectorised pandas/numpy scorer written here (one column at a time:
Series.map for a choice item, arithmetic for a likert item; then a mean per axis with
the coverage rule), after checking that both give the same scores. Each is timed with
time.perf_counter: one warm-up run, then the best and the median of five runs.

Targets: score_frame at most 0.5 s (median), and at most 1.5 times the baseline's
median. Nothing here is part of the test run.
"""

from __future__ import annotations

import math
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402

from questions.bank import Bank, ChoiceItem, load_bank  # noqa: E402
from scoring.frame import score_frame  # noqa: E402

RESPONDENTS = 100_000
BLANK_SHARE = 0.05
SEED = 20240601
RUNS = 5
TARGET_SECONDS = 0.5
TARGET_RATIO = 1.5


def random_answers(bank: Bank, respondents: int, seed: int = SEED) -> pd.DataFrame:
    """One row per respondent, one column per item; NaN (about 5%) is unanswered.

    Likert columns are float (integers with NaN, as read from a CSV with blanks), choice
    columns hold option ids (pandas' default string dtype, as read from a CSV).
    """
    rng = np.random.default_rng(seed)
    columns: dict[str, object] = {}
    for item in bank.items:
        blank = rng.random(respondents) < BLANK_SHARE
        if isinstance(item, ChoiceItem):
            ids = np.array([o.id for o in item.options], dtype=object)
            values = ids[rng.integers(0, len(ids), respondents)]
            values[blank] = np.nan
        else:
            values = rng.integers(1, bank.likert.points + 1, respondents).astype(float)
            values[blank] = np.nan
        columns[item.id] = values
    index = pd.Index([f"r{n:06d}" for n in range(respondents)], name="respondent")
    return pd.DataFrame(columns, index=index)


def baseline_scores(bank: Bank, frame: pd.DataFrame) -> pd.DataFrame:
    """The scoring contract written the obvious vectorised way (no validation of cells)."""
    middle = (bank.likert.points + 1) / 2
    half_range = (bank.likert.points - 1) / 2
    contributions = {}
    for item in bank.items:
        column = frame[item.id]
        if isinstance(item, ChoiceItem):
            contributions[item.id] = column.map({o.id: o.lean for o in item.options})
        else:
            sign = 1.0 if item.keyed == "right" else -1.0
            contributions[item.id] = sign * (column.astype(float) - middle) / half_range
    c = pd.DataFrame(contributions, index=frame.index)

    scores = {}
    for axis in bank.axes:
        ids = [item.id for item in bank.items if item.axis == axis.id]
        part = c[ids]
        answered = part.notna().sum(axis=1)
        needed = math.ceil(len(ids) / 2)
        scores[axis.id] = (100 * part.mean(axis=1)).where(answered >= needed)
    result = pd.DataFrame(scores, index=frame.index)
    result["overall"] = result.mean(axis=1)  # skips NaN; NaN when no axis has a score
    # one decimal, after dropping float noise below 1e-9 (as the contract's reports do)
    return result.round(9).round(1) + 0.0


def timings(run: Callable[[], object]) -> list[float]:
    run()  # warm-up
    seconds = []
    for _ in range(RUNS):
        start = time.perf_counter()
        run()
        seconds.append(time.perf_counter() - start)
    return seconds


def main() -> int:
    bank = load_bank(ROOT / "questions" / "core.yaml")
    frame = random_answers(bank, RESPONDENTS)

    ours = score_frame(bank, frame)
    theirs = baseline_scores(bank, frame)
    assert list(ours.columns) == list(theirs.columns), (ours.columns, theirs.columns)
    assert ours.index.equals(theirs.index)
    a, b = ours.to_numpy(), theirs.to_numpy()
    assert np.array_equal(np.isnan(a), np.isnan(b)), "the two scorers blank different cells"
    assert np.array_equal(a, b, equal_nan=True), (
        f"{int((~np.isclose(a, b, equal_nan=True)).sum())} cells differ"
    )
    blank_axes = int(np.isnan(a[:, :-1]).sum())

    frame_times = timings(lambda: score_frame(bank, frame))
    base_times = timings(lambda: baseline_scores(bank, frame))
    frame_median, base_median = statistics.median(frame_times), statistics.median(base_times)
    ratio = frame_median / base_median

    print(f"respondents:            {RESPONDENTS:,}")
    print(f"items:                  {len(bank.items)} ({len(bank.axes)} axes, full form)")
    print(f"blank cells:            {int(frame.isna().to_numpy().sum()):,}")
    print(f"unscored axis cells:    {blank_axes:,} (both scorers agree on every cell)")
    print(f"score_frame median/best: {frame_median:.3f} s / {min(frame_times):.3f} s")
    print(f"baseline median/best:    {base_median:.3f} s / {min(base_times):.3f} s")
    print(f"ratio (score_frame/baseline, medians): {ratio:.2f}")
    time_ok = frame_median <= TARGET_SECONDS
    ratio_ok = ratio <= TARGET_RATIO
    print(f"target time  <= {TARGET_SECONDS} s:  {'PASS' if time_ok else 'FAIL'}")
    print(f"target ratio <= {TARGET_RATIO}:    {'PASS' if ratio_ok else 'FAIL'}")
    return 0 if time_ok and ratio_ok else 1


if __name__ == "__main__":
    sys.exit(main())
