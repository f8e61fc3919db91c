"""How long `python -m scoring score` takes on a wide responses file.

A form export can carry far more columns than items (one per question of a long survey,
metadata, comments). The file here has a `respondent` column, every item of the core
bank, and filler columns up to the width asked, for 20 respondents. Prints the median of
three in-process runs of `main(["score", ...])` for each width; the time should grow in
proportion to the width.

    .venv/bin/python bench/cli_bench.py [WIDTH ...]      (default: 10000 100000)
"""

from __future__ import annotations

import statistics
import sys
import tempfile
import time
from contextlib import redirect_stderr
from io import StringIO
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from questions.bank import load_bank  # noqa: E402
from scoring.cli import main  # noqa: E402

CORE = ROOT / "questions" / "core.yaml"
RESPONDENTS = 20
RUNS = 3


def wide_csv(folder: Path, width: int) -> Path:
    """respondent, the core items (likert 4, choice: first option), filler to `width`."""
    bank = load_bank(CORE)
    answers = {i.id: "4" if i.type == "likert" else i.options[0].id for i in bank.items}
    filler = [f"extra_{n}" for n in range(width - 1 - len(answers))]
    header = ["respondent", *answers, *filler]
    row = [*answers.values(), *["x"] * len(filler)]
    lines = [",".join(header)] + [",".join([f"r{r}", *row]) for r in range(RESPONDENTS)]
    path = folder / f"wide-{width}.csv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def seconds_to_score(path: Path, out: Path) -> float:
    start = time.perf_counter()
    with redirect_stderr(StringIO()):  # the warning lists every filler column
        code = main(["score", "--bank", str(CORE), str(path), "-o", str(out)])
    elapsed = time.perf_counter() - start
    if code != 0:
        raise SystemExit(f"score exited {code} on {path.name}")
    return elapsed


def main_bench(widths: list[int]) -> None:
    with tempfile.TemporaryDirectory() as folder:
        for width in widths:
            path = wide_csv(Path(folder), width)
            times = [seconds_to_score(path, Path(folder) / "scores.csv") for _ in range(RUNS)]
            print(
                f"score, {width:,} columns x {RESPONDENTS} respondents: "
                f"{statistics.median(times):.2f} s (median of {RUNS})"
            )


if __name__ == "__main__":
    main_bench([int(w) for w in sys.argv[1:]] or [10_000, 100_000])
