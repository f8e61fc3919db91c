"""A candidate's campaign PDF (reports/candidate_pdf.py), read back as text: who and
what it is about, the figures with what they rest on, the flags, and nothing the
privacy rule hides."""

from __future__ import annotations

import datetime as dt

import pytest
from campaign_support import MINI_LEFT, MINI_MIDDLE, MINI_RIGHT, Person, build, on_mini
from test_reports import pdf_text

from reports.candidate_pdf import candidate_pdf, load_words, narrative
from store import Store

WHEN = dt.datetime(2026, 3, 4, 10, 30, tzinfo=dt.UTC)


@pytest.fixture
def store(tmp_path):
    """One SQLite store: the figures are the same on both databases
    (tests/test_campaign_results.py); here it is the document that is tested."""
    opened = Store(f"sqlite:///{tmp_path / 'app.db'}")
    yield opened
    opened.close()


def pdf_of(built, tmp_path, bank_ids=("mini",), person=0) -> str:
    results = [built.results(bank_id)[person] for bank_id in bank_ids]
    return pdf_text(candidate_pdf(results, built.campaign.title, WHEN), tmp_path)


def test_pdf_names_the_candidate_and_says_it_opens_a_conversation(store, mini, tmp_path):
    people = [Person("Zoë Ångström", on_mini(MINI_RIGHT), role="Senior account executive")]
    text = pdf_of(build(store, [mini], people), tmp_path)
    assert "Zoë Ångström" in text
    # pdftotext reads the labels' column first, then the values'.
    assert "Campaign Current role Generated" in text
    assert "Promotion 2026 Senior account executive 4 March 2026" in text
    assert "A conversation, not a decision" in text
    assert "It does not decide a promotion on its own" in text


def test_pdf_gives_each_figure_with_what_it_rests_on(store, mini, tmp_path):
    # Self alpha +87.5 on 4 answers; the manager -100, three peers +87.5; all four
    # (-100 + 3 * 87.5) / 4 = +40.6, a gap of +46.9.
    people = [
        Person(
            "Ann Lee",
            on_mini(MINI_RIGHT),
            [("manager", on_mini(MINI_LEFT))] + [("peer", on_mini(MINI_RIGHT))] * 3,
        )
    ]
    text = pdf_of(build(store, [mini], people), tmp_path)
    assert "rest on Ann Lee's own answers (7 answers of 7)" in text
    assert "rest on 4 observers who finished (Manager: 1, Peers: 3)" in text
    assert "Alpha +87.5 4 answers \u2212100.0 1 rater +87.5 3 raters +40.6 4 raters +46.9" in text
    assert "Beta +100.0 3 answers \u2212100.0 1 rater +100.0 3 raters +50.0 4 raters +50.0" in text
    assert (
        "Alpha: sees themselves as strongly Values (+87.5); observers see them as leaning "
        "Values (+40.6): a wide difference" in text
    )
    assert "How to read self-other gaps" in text
    assert "around r = .35" in text and "at least 30 points" in text


def test_a_large_gap_is_marked_and_called_worth_talking_about(store, mini, tmp_path):
    people = [Person("Ann Lee", on_mini(MINI_RIGHT), [("peer", on_mini(MINI_LEFT))] * 4)]
    built = build(store, [mini], people)
    (result,) = built.results("mini")
    assert narrative(result)[0] == (
        "Alpha: sees themselves as strongly Values (+87.5); observers see them as strongly "
        "Rules (\u2212100.0): a gap worth talking about."
    )
    text = pdf_of(built, tmp_path)
    assert "+187.5 Yes" in text and "+200.0 Yes" in text


def test_pdf_shows_the_flags_self_explained_observers_counted(store, core, tmp_path):
    # Agree with every statement; the observers answer in a flash (as the store times
    # them), which flags each of their sheets as implausibly fast.
    same = {
        item.id: "4" if item.type == "likert" else item.options[0].id
        for item in core.form_items(None)
    }
    people = [Person("Ann Lee", {"core": same}, [("peer", {"core": same})] * 3)]
    text = pdf_of(build(store, [core], people), tmp_path, ("core",))
    assert "Same answer throughout: Gave the same answer (Agree) to 48 of 48 statements" in text
    assert "Implausibly fast: 3 of 3 observers' sheets." in text
    assert "A flag is a question to ask, never a verdict, and it changes no score." in text
    # The self sheet's figures are told, never an observer's.
    assert text.count("Answers came in a median") == 1


def test_with_too_few_observers_only_the_self_profile_is_shown(store, mini, tmp_path):
    people = [Person("Ann Lee", on_mini(MINI_RIGHT), [("peer", on_mini(MINI_LEFT))] * 2)]
    text = pdf_of(build(store, [mini], people), tmp_path)
    assert "2 observers finished so far. Observer results appear from 3 observers" in text
    assert "Alpha +87.5 4 answers" in text
    assert "Alpha: sees themselves as strongly Values (+87.5)." in text
    for hidden in ("Peers", "All observers", "Gap", "observers' sheets", "\u2212100.0"):
        assert hidden not in text


def test_a_group_the_rule_hides_is_never_in_the_pdf(store, mini, tmp_path):
    # The manager, 2 peers and 3 direct reports: the manager alone, the other five
    # pooled as "Others"; neither the peers nor the direct reports are a view.
    observers = (
        [("manager", MINI_LEFT)] + [("peer", MINI_RIGHT)] * 2 + [("direct_report", MINI_MIDDLE)] * 3
    )
    people = [Person("Ann Lee", on_mini(MINI_RIGHT), [(g, on_mini(a)) for g, a in observers])]
    text = pdf_of(build(store, [mini], people), tmp_path)
    assert "(Manager: 1, Others: 5)" in text
    assert "Peers" not in text and "Direct reports" not in text
    assert "direct report" not in text.lower()


def test_one_section_per_bank_for_one_candidate_only(store, mini, readiness, tmp_path):
    def pole(bank, right):
        return {
            i.id: ("5" if (i.keyed == "right") == right else "1")
            if i.type == "likert"
            else max(i.options, key=lambda o: o.lean if right else -o.lean).id
            for i in bank.form_items(None)
        }

    people = [
        Person("Ann Lee", {"mini": MINI_RIGHT, "readiness": pole(readiness, True)}),
        Person("Bob Tanaka", {"mini": MINI_LEFT, "readiness": pole(readiness, False)}),
    ]
    built = build(store, [mini, readiness], people)
    text = pdf_of(built, tmp_path, ("mini", "readiness"))
    assert "Mini bank" in text and readiness.title in text
    assert readiness.readiness.caution.split(".")[0] in text  # the reading's caution
    assert "Overall, from the self-assessment: Strongly" in text
    assert "Bob Tanaka" not in text

    both = [built.results("mini")[0], built.results("mini")[1]]
    with pytest.raises(ValueError, match="one candidate per report"):
        candidate_pdf(both, "Promotion 2026", WHEN)
    with pytest.raises(ValueError, match="at least one bank"):
        candidate_pdf([], "Promotion 2026", WHEN)


def test_words_with_a_placeholder_the_code_does_not_fill_are_refused(tmp_path):
    from reports.candidate_pdf import TEXT_FILE

    broken = TEXT_FILE.read_text(encoding="utf-8").replace(
        "{name} about how they lead", "{candidate} about how they lead"
    )
    path = tmp_path / "candidate_text.yaml"
    path.write_text(broken, encoding="utf-8")
    with pytest.raises(ValueError, match=r"purpose.text: unknown placeholder \{candidate\}"):
        load_words(path)
