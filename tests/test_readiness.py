"""The readiness reading: the right words for each lean, overall and per axis, always
with the caution; nothing for a bank without a readiness guide; rendered as plain text."""

from __future__ import annotations

import pytest
from streamlit.testing.v1 import AppTest

from questions.bank import Bank
from scoring.profile import AxisScore, Band, Profile, score
from scoring.readiness import readiness_reading


def profile_of(bank: Bank, scores: list[float | None]) -> Profile:
    """A profile of `bank` with the given reported axis scores, in bank order."""
    axes = tuple(
        AxisScore.of(axis, value, 0 if value is None else 6, 6)
        for axis, value in zip(bank.axes, scores, strict=True)
    )
    given = [s for s in scores if s is not None]
    return Profile.of(bank, None, axes, sum(given) / len(given) if given else None)


def shown(text: str) -> str:
    """Text as the reader sees it: Markdown escapes and invisible word joiners removed."""
    return text.replace("\\", "").replace("\u2060", "")


def test_a_bank_without_a_guide_has_no_reading(core):
    assert core.readiness is None
    assert readiness_reading(core, score(core, {})) is None


def test_a_profile_of_another_bank_is_refused(readiness, mini):
    other = profile_of(mini, [0.0] * len(mini.axes))
    with pytest.raises(ValueError, match="read against bank 'readiness'"):
        readiness_reading(readiness, other)


@pytest.mark.parametrize(
    ("value", "side"),
    [(-100.0, "left"), (-15.0, "left"), (-14.9, "balanced"), (0.0, "balanced"),
     (14.9, "balanced"), (15.0, "right"), (100.0, "right")],
)  # fmt: skip
def test_each_axis_gets_the_note_for_the_side_its_score_leans_to(readiness, value, side):
    reading = readiness_reading(readiness, profile_of(readiness, [value] * 4))
    for axis, result in zip(readiness.axes, reading.axes, strict=True):
        assert result.axis_id == axis.id and result.title == axis.title
        assert result.note == getattr(axis.readiness, side)
        assert result.score == value


@pytest.mark.parametrize("band", list(Band))
def test_the_overall_statement_is_the_one_for_the_overall_band(readiness, band):
    value = {"strong_left": -60.0, "leans_left": -20.0, "balanced": 0.0}.get(band.value)
    value = value if value is not None else {"leans_right": 20.0, "strong_right": 60.0}[band.value]
    reading = readiness_reading(readiness, profile_of(readiness, [value] * 4))
    assert reading.overall == getattr(readiness.readiness.overall, band.value)
    assert reading.overall_score == value
    assert reading.overall_band_label == band.label(readiness.poles.left, readiness.poles.right)


def test_an_axis_without_a_score_gets_no_note_and_no_score_overall_says_so(readiness):
    reading = readiness_reading(readiness, profile_of(readiness, [40.0, None, None, None]))
    assert [a.note is None for a in reading.axes] == [False, True, True, True]
    assert reading.axes[1].band_label == "Not enough answers"
    empty = readiness_reading(readiness, profile_of(readiness, [None] * 4))
    assert empty.overall == readiness.readiness.unscored
    assert empty.overall_score is None


def test_the_reading_always_carries_the_caution(readiness):
    reading = readiness_reading(readiness, score(readiness, {}))
    assert reading.caution == readiness.readiness.caution
    caution = reading.caution.casefold()
    assert "one input" in caution and "observers" in caution and "track record" in caution


def test_the_quick_form_gives_a_reading_on_every_axis(readiness):
    quick = readiness.form_items("quick")
    answers = {i.id: i.options[0].id for i in quick}
    reading = readiness_reading(readiness, score(readiness, answers, "quick"))
    assert all(a.note is not None for a in reading.axes)


# --- the Streamlit piece ----------------------------------------------------------------


def _render(bank_name: str, scores: list[float | None] | None, odd_title: str | None) -> None:
    from questions.bank import load_bank
    from scoring.profile import score
    from tests.test_readiness import profile_of
    from ui.readiness import readiness_section

    bank = load_bank(f"questions/{bank_name}.yaml")
    if odd_title is not None:
        guide = bank.readiness.model_copy(update={"title": odd_title})
        bank = bank.model_copy(update={"readiness": guide})
    profile = score(bank, {}) if scores is None else profile_of(bank, scores)
    readiness_section(bank, profile)


def test_the_section_shows_overall_each_axis_and_the_caution(readiness):
    at = AppTest.from_function(_render, args=("readiness", [60.0, 0.0, -20.0, None], None))
    at.run()
    assert not at.exception
    assert shown(at.header[0].value) == readiness.readiness.title
    text = shown("\n".join(m.value for m in at.markdown))
    assert readiness.readiness.overall.balanced in text  # overall (60 + 0 - 20) / 3: balanced
    assert readiness.axis("own_team").readiness.right.watch in text
    assert readiness.axis("doer_enabler").readiness.balanced.means in text
    assert readiness.axis("adhoc_systematic").readiness.left.brings in text
    assert shown(at.caption[0].value) == readiness.readiness.unscored
    assert shown(at.info[0].value) == readiness.readiness.caution


def test_the_section_renders_nothing_for_a_bank_without_a_guide():
    at = AppTest.from_function(_render, args=("core", None, None)).run()
    assert not at.exception
    assert not at.header and not at.markdown and not at.info


def test_bank_text_is_shown_as_plain_text_never_as_markdown_or_a_link():
    odd = "**Ready?** [see](https://evil.example) <b>x</b>"
    at = AppTest.from_function(_render, args=("readiness", [0.0] * 4, odd)).run()
    body = at.header[0].proto.body
    assert "**" not in body.replace("\\*", "") and "](" not in body.replace("\\]\\(", "")
    assert "<b>" not in body and "https://" not in body
