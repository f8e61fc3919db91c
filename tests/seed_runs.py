"""Fingerprints of every 8-word run in the five source articles, so the own-words test
runs anywhere, the articles themselves being neither copied into the project nor needed.

The runs are hashed (blake2b, 6 bytes) and stored in tests/data/seed_runs.txt, one
section per article. The articles do not change; should they, regenerate with

    .venv/bin/python -m tests.seed_runs ../shared/seeds

>>> words("Don\u2019t over-promise, REPS!")
["don't", 'over', 'promise', 'reps']
>>> sorted(runs("a b c d e f g h i", n=8))
[('a', 'b', 'c', 'd', 'e', 'f', 'g', 'h'), ('b', 'c', 'd', 'e', 'f', 'g', 'h', 'i')]
"""

from __future__ import annotations

import hashlib
import re
import sys
from pathlib import Path

RUN = 8
"""This many consecutive words shared with a source article is copying."""
FINGERPRINTS = Path(__file__).resolve().parent / "data" / "seed_runs.txt"


def words(text: str) -> list[str]:
    """Lower-case words with punctuation stripped ("one-on-one" -> "one", "on", "one");
    curly apostrophes count as straight ones."""
    text = text.lower().replace("\u2019", "'").replace("\u2018", "'")
    return re.findall(r"[a-z0-9]+(?:'[a-z0-9]+)*", text)


def runs(text: str, n: int = RUN) -> set[tuple[str, ...]]:
    tokens = words(text)
    return {tuple(tokens[i : i + n]) for i in range(len(tokens) - n + 1)}


def fingerprint(run: tuple[str, ...]) -> str:
    return hashlib.blake2b(" ".join(run).encode(), digest_size=6).hexdigest()


def fingerprints_of(text: str) -> set[str]:
    return {fingerprint(run) for run in runs(text)}


def load(path: Path = FINGERPRINTS) -> dict[str, set[str]]:
    """Article file name -> the fingerprints of its runs."""
    sections: dict[str, set[str]] = {}
    current: set[str] = set()
    for line in path.read_text(encoding="ascii").splitlines():
        if line.startswith("# "):
            current = sections.setdefault(line[2:], set())
        elif line:
            current.add(line)
    return sections


def write(seeds: Path, path: Path = FINGERPRINTS) -> None:
    lines = []
    for article in sorted(seeds.glob("*.txt")):
        lines.append(f"# {article.name}")
        lines += sorted(fingerprints_of(article.read_text(encoding="utf-8")))
    path.write_text("\n".join(lines) + "\n", encoding="ascii")


if __name__ == "__main__":
    write(Path(sys.argv[1]))
