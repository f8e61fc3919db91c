"""The words of the answer-quality checks (quality_text.yaml, beside this module) and
their loader.

Content lives in YAML; the code (scoring.quality) supplies only the figures. The loader
checks the file like a bank: every check present with a title, the explanation of a
flag and the reason for each way it can go unchecked, and no placeholder the code does
not fill in, so that a typo in the file is refused when it is read, naming the file and
the key, not when HR opens a sheet.
"""

from __future__ import annotations

import string
from collections.abc import Mapping
from functools import cache
from pathlib import Path

from pydantic import Field, ValidationError

from questions.bank import BankError, FrozenModel, describe_error, read_yaml

# Beside the module, as analysis_text.yaml is: every *.yaml of questions/ is read as a
# bank or situations file by the catalog and `python -m scoring validate`.
QUALITY_TEXT_FILE = Path(__file__).with_name("quality_text.yaml")

PLACEHOLDERS: dict[str, dict[str, frozenset[str]]] = {
    "long_string": {
        "flagged": frozenset({"answer", "same", "answered", "share", "limit"}),
        "too_few": frozenset({"answered", "needed"}),
    },
    "low_variability": {
        "flagged": frozenset({"answered", "sd", "points", "limit"}),
        "too_few": frozenset({"answered", "needed"}),
        "covered": frozenset(),
    },
    "fast": {
        "flagged": frozenset({"median", "answered", "limit"}),
        "too_few": frozenset({"answered", "needed"}),
    },
    "inconsistent": {
        "flagged": frozenset({"contradictions", "pairs", "share", "limit"}),
        "too_few": frozenset({"pairs", "needed"}),
    },
    "skips": {
        "flagged": frozenset({"skipped", "items", "share", "limit"}),
    },
}
"""Per check, per text ("flagged", then each reason it can go unchecked): the figures
the code fills in, which are the only placeholders a text may use."""


class QualityWordsError(BankError):
    """A quality words file that breaks one or more rules."""


class CheckWords(FrozenModel):
    title: str = Field(min_length=1)
    flagged: str = Field(min_length=1)
    not_assessed: dict[str, str] = Field(default_factory=dict)


class QualityWords(FrozenModel):
    long_string: CheckWords
    low_variability: CheckWords
    fast: CheckWords
    inconsistent: CheckWords
    skips: CheckWords

    def of(self, check: str) -> CheckWords:
        return getattr(self, check)


def placeholders(text: str) -> list[str]:
    """The placeholders of a template, each as written between its braces.

    >>> placeholders("Gave {answer} to {same} of {answered} ({share:>4}), not {{this}}.")
    ['answer', 'same', 'answered', 'share:>4']
    """
    found = []
    for _, name, spec, conversion in string.Formatter().parse(text):
        if name is not None:
            found.append(
                name + (f"!{conversion}" if conversion else "") + (f":{spec}" if spec else "")
            )
    return found


def template_problems(words: QualityWords) -> list[str]:
    """Texts missing for a way a check can go unchecked, texts for no such way, and
    placeholders the code does not fill in (a format spec or attribute included)."""
    problems = []
    for check, texts in PLACEHOLDERS.items():
        given = words.of(check)
        reasons = {name for name in texts if name != "flagged"}
        problems += [
            f"{check} not_assessed {reason}: missing required field"
            for reason in sorted(reasons - set(given.not_assessed))
        ]
        problems += [
            f"{check} not_assessed {reason}: unknown reason "
            f"(known: {', '.join(sorted(reasons)) or 'none'})"
            for reason in sorted(set(given.not_assessed) - reasons)
        ]
        templates = {"flagged": given.flagged, **given.not_assessed}
        for name, text in templates.items():
            allowed = texts.get(name, frozenset())
            where = check if name == "flagged" else f"{check} not_assessed"
            problems += [
                f"{where} {name}: unknown placeholder {{{field}}} "
                f"(known: {', '.join(sorted(allowed)) or 'none'})"
                for field in placeholders(text)
                if field not in allowed
            ]
    return problems


def parse_quality_words(data: object, source: str = "<quality words>") -> QualityWords:
    """Check parsed YAML against every rule and build the words; QualityWordsError
    lists every broken rule."""
    if not isinstance(data, Mapping):
        raise QualityWordsError(source, ["the top level must be a mapping of checks"])
    try:
        words = QualityWords.model_validate(data)
    except ValidationError as exc:
        raise QualityWordsError(source, [describe_error(err) for err in exc.errors()]) from None
    problems = template_problems(words)
    if problems:
        raise QualityWordsError(source, problems)
    return words


def load_quality_words(path: str | Path = QUALITY_TEXT_FILE) -> QualityWords:
    """Load and check a quality words file (quality_text.yaml by default)."""
    name, data = read_yaml(path)
    return parse_quality_words(data, source=name)


@cache
def quality_words() -> QualityWords:
    """The shipped words, read and checked once."""
    return load_quality_words()
