"""Loading banks: a good bank loads; a broken one is refused naming file, id and rule."""

from __future__ import annotations

import copy
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
import yaml
from conftest import MINI_BANK, QUESTIONS

from questions.bank import (
    MAX_FILE_BYTES,
    BankError,
    ChoiceItem,
    LikertItem,
    MissingWording,
    load_bank,
    parse_bank,
)
from questions.catalog import load_folder

MINI_DATA = yaml.safe_load(MINI_BANK.read_text(encoding="utf-8"))


def write_bank(folder: Path, data: object, name: str = "broken.yaml") -> Path:
    path = folder / name
    path.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    return path


def refused(tmp_path: Path, change: Callable[[dict], object]) -> tuple[Path, BankError]:
    """Apply `change` to a copy of the mini bank, write it, and return the error."""
    data = copy.deepcopy(MINI_DATA)
    change(data)
    path = write_bank(tmp_path, data)
    with pytest.raises(BankError) as caught:
        load_bank(path)
    return path, caught.value


def assert_one_problem(path: Path, error: BankError, *fragments: str) -> None:
    """Exactly one problem, printed after the file name, holding every fragment."""
    assert len(error.problems) == 1, error.problems
    (problem,) = error.problems
    for fragment in fragments:
        assert fragment in problem, (fragment, problem)
    assert f"{path.name}: {problem}" in str(error)


def item(data: dict, item_id: str) -> dict:
    return next(i for i in data["items"] if i["id"] == item_id)


# --- a good bank ------------------------------------------------------------------


def test_the_mini_bank_loads_with_its_axes_items_and_forms(mini):
    assert mini.id == "mini"
    assert mini.version == 3
    assert [a.id for a in mini.axes] == ["alpha", "beta"]
    assert (mini.axis("alpha").left.label, mini.axis("alpha").right.label) == ("Rules", "Values")
    assert [i.id for i in mini.items] == ["a1", "a2", "a3", "a4", "b1", "b2", "b3"]
    assert isinstance(mini.item("a1"), LikertItem)
    assert mini.item("a1").keyed == "left"
    assert isinstance(mini.item("a4"), ChoiceItem)
    assert [(o.id, o.lean) for o in mini.item("a4").options] == [
        ("a", -1.0),
        ("b", -0.5),
        ("c", 0.5),
    ]
    assert mini.form_names == ["full", "quick"]
    assert [i.id for i in mini.form_items("quick")] == ["a1", "a3", "b2"]
    assert mini.form_items("full") == mini.items == mini.form_items(None)
    assert (mini.poles.left, mini.poles.right) == ("Management", "Leadership")


def test_an_unknown_form_is_a_key_error_naming_the_forms(mini):
    with pytest.raises(KeyError, match="quick"):
        mini.form_items("nonexistent")


# --- one test per validation rule ---------------------------------------------------


def test_duplicate_axis_id(tmp_path):
    path, error = refused(tmp_path, lambda d: d["axes"].append(copy.deepcopy(d["axes"][0])))
    assert_one_problem(path, error, "axis 'alpha'", "duplicate id")


def test_duplicate_item_id(tmp_path):
    def change(d):
        twin = copy.deepcopy(item(d, "a2"))
        twin["id"] = "a1"
        d["items"].append(twin)

    path, error = refused(tmp_path, change)
    assert_one_problem(path, error, "item 'a1'", "duplicate id")


def test_item_on_an_unknown_axis(tmp_path):
    path, error = refused(tmp_path, lambda d: item(d, "b1").update(axis="gamma"))
    assert_one_problem(path, error, "item 'b1'", "unknown axis 'gamma'")


def test_keyed_must_be_left_or_right(tmp_path):
    path, error = refused(tmp_path, lambda d: item(d, "a1").update(keyed="up"))
    assert_one_problem(path, error, "item 'a1'", "keyed", "'left' or 'right'", "'up'")


@pytest.mark.parametrize(("lean", "rule"), [(-1.5, "at least -1"), (1.01, "at most 1")])
def test_lean_outside_minus_one_to_one(tmp_path, lean, rule):
    path, error = refused(tmp_path, lambda d: item(d, "a4")["options"][1].update(lean=lean))
    assert_one_problem(path, error, "item 'a4'", "option 'b'", "lean", rule)


def test_choice_with_fewer_than_two_options(tmp_path):
    def change(d):
        del item(d, "a3")["options"][1:]

    path, error = refused(tmp_path, change)
    assert_one_problem(path, error, "item 'a3'", "at least 2 options")


def test_duplicate_option_ids(tmp_path):
    path, error = refused(tmp_path, lambda d: item(d, "a4")["options"][2].update(id="a"))
    assert_one_problem(path, error, "item 'a4'", "duplicate option id 'a'")


def test_form_naming_an_unknown_item(tmp_path):
    path, error = refused(tmp_path, lambda d: d["forms"]["quick"].append("zz9"))
    assert_one_problem(path, error, "form 'quick'", "unknown item 'zz9'")


def test_likert_points_below_two(tmp_path):
    path, error = refused(tmp_path, lambda d: d["likert"].update(points=1, labels=["Only"]))
    assert_one_problem(path, error, "points", "at least 2", "got 1")


def test_likert_labels_count_differs_from_points(tmp_path):
    path, error = refused(tmp_path, lambda d: d["likert"].update(labels=["No", "Yes"]))
    assert_one_problem(path, error, "likert", "labels count (2) != points (5)")


def test_unknown_top_level_field(tmp_path):
    path, error = refused(tmp_path, lambda d: d.update(colour="red"))
    assert_one_problem(path, error, "unknown top-level field", "'colour'")


# --- the optional readiness guide ---------------------------------------------------

NOTE = {"means": "What the lean means.", "brings": "What it brings.", "watch": "What to watch."}
GUIDE = {
    "title": "Readiness",
    "overall": {
        band: f"{band} statement."
        for band in ("strong_left", "leans_left", "balanced", "leans_right", "strong_right")
    },
    "unscored": "No reading.",
    "caution": "One input among others.",
}


def with_guide(data: dict, notes_on: tuple[str, ...] = ("alpha", "beta")) -> None:
    data["readiness"] = copy.deepcopy(GUIDE)
    for axis in data["axes"]:
        if axis["id"] in notes_on:
            axis["readiness"] = {side: dict(NOTE) for side in ("left", "balanced", "right")}


def test_a_bank_without_readiness_fields_has_no_guide(mini):
    assert mini.readiness is None
    assert all(axis.readiness is None for axis in mini.axes)


def test_a_guide_with_notes_on_every_axis_loads(tmp_path):
    data = copy.deepcopy(MINI_DATA)
    with_guide(data)
    bank = load_bank(write_bank(tmp_path, data, "guided.yaml"))
    assert bank.readiness.overall.leans_left == "leans_left statement."
    assert bank.axis("beta").readiness.note(None).means == "What the lean means."
    assert bank.axis("beta").readiness.note("left") == bank.axis("beta").readiness.left


def test_a_guide_needs_readiness_notes_on_every_axis(tmp_path):
    path, error = refused(tmp_path, lambda d: with_guide(d, notes_on=("alpha",)))
    assert_one_problem(path, error, "axis 'beta'", "readiness", "missing required field")


def test_a_readiness_note_without_its_watch_text_is_refused(tmp_path):
    def change(data: dict) -> None:
        with_guide(data)
        del data["axes"][0]["readiness"]["right"]["watch"]

    path, error = refused(tmp_path, change)
    assert_one_problem(path, error, "axis 'alpha'", "readiness right watch", "missing")


def test_a_guide_without_a_caution_or_with_an_unknown_band_is_refused(tmp_path):
    def change(data: dict) -> None:
        with_guide(data)
        del data["readiness"]["caution"]
        data["readiness"]["overall"]["very_left"] = "?"

    _, error = refused(tmp_path, change)
    assert len(error.problems) == 2, error.problems
    assert any("readiness caution" in p and "missing" in p for p in error.problems)
    assert any("very_left" in p and "unknown field" in p for p in error.problems)


# --- observer wording (360 feedback) -------------------------------------------------


def with_observer_wording(data: dict) -> None:
    """Observer wording on every item, and on option a4/b, reworded to speak of "your" rep."""
    for entry in data["items"]:
        entry["observer"] = f"They: {entry['text']}"
    item(data, "a4")["options"][1].update(text="Ask your rep.", observer="Ask their rep.")


def observer_bank(tmp_path: Path, change: Callable[[dict], object] = lambda d: None):
    data = copy.deepcopy(MINI_DATA)
    with_observer_wording(data)
    change(data)
    return load_bank(write_bank(tmp_path, data, "observed.yaml"))


def test_each_role_reads_its_own_wording_and_the_scoring_is_the_same(tmp_path, mini):
    observed = observer_bank(tmp_path)
    a1, a4 = observed.item("a1"), observed.item("a4")
    assert (a1.wording("self"), a1.wording("observer")) == (
        "Left-keyed statement.",
        "They: Left-keyed statement.",
    )
    assert [o.wording("self") for o in a4.options] == ["Strong left", "Ask your rep.", "Mild right"]
    assert [o.wording("observer") for o in a4.options] == [
        "Strong left",
        "Ask their rep.",
        "Mild right",
    ]
    assert observed.observer_problems() == observed.observer_problems("quick") == []
    assert all(
        observed.item(i.id).contributions(observed.likert) == i.contributions(mini.likert)
        for i in mini.items
    ), "observer wording changes no keying"


def test_a_bank_without_observer_wording_says_observers_cannot_be_invited(mini):
    assert mini.item("a1").observer is None, "observer wording is optional"
    assert mini.item("a1").wording("self") == "Left-keyed statement."
    (full,) = mini.observer_problems()
    assert full.startswith("bank 'mini': 7 items have no observer wording (a1, a2, a3 and 4 more).")
    assert "Observers can only be invited with a bank that has observer wording" in full
    (quick,) = mini.observer_problems("quick")
    assert "3 items of form 'quick' have no observer wording (a1, a3, b2)" in quick
    with pytest.raises(MissingWording, match="item 'a1' has no observer wording"):
        mini.item("a1").wording("observer")
    with pytest.raises(ValueError, match="role must be one of"):
        mini.item("a1").wording("manager")


def test_an_option_speaking_of_the_respondent_needs_observer_wording(tmp_path):
    def change(d):
        item(d, "a4")["options"][1].pop("observer")
        item(d, "a4")["options"][2]["text"] = "Leave it to me."

    observed = observer_bank(tmp_path, change)
    (problem,) = observed.observer_problems()
    assert "bank 'mini': 2 options have no observer wording (a4/b, a4/c)" in problem
    assert observed.observer_problems("quick") == [], "a4 is not in the quick form"
    option = observed.item("a4").options[2]
    with pytest.raises(MissingWording, match="option 'c' has no observer wording"):
        option.wording("observer")
    first = observed.item("a4").options[0]
    assert first.observer is None and first.wording("observer") == "Strong left", (
        "an option with no first-person wording reads the same for both"
    )


@pytest.mark.parametrize(
    ("value", "rule"),
    [("", "may not be empty"), ("   ", "may not be empty"), (["x"], "must be text (got a list)")],
)
@pytest.mark.parametrize("field", ["text", "observer"])
def test_observer_wording_keeps_the_rules_of_the_text(tmp_path, field, value, rule):
    path, error = refused(tmp_path, lambda d: item(d, "b1").update({field: value}))
    assert_one_problem(path, error, "item 'b1'", f"{field}: {rule}")
    path, error = refused(tmp_path, lambda d: item(d, "a3")["options"][1].update({field: value}))
    assert_one_problem(path, error, "item 'a3'", f"option 'y' {field}: {rule}")


def test_an_observer_field_left_empty_is_refused_not_taken_for_none(tmp_path):
    path, error = refused(tmp_path, lambda d: item(d, "a1").update(observer=None))
    assert_one_problem(path, error, "item 'a1'", "observer: must be text (got None)")


def test_every_observer_wording_problem_is_listed_with_the_others(tmp_path):
    def change(d):
        item(d, "a1")["observer"] = ""
        item(d, "a4")["options"][0]["observer"] = 3
        item(d, "a3")["options"][0]["obsrever"] = "Typo"
        item(d, "b3")["keyed"] = "up"

    _, error = refused(tmp_path, change)
    assert len(error.problems) == 4, error.problems
    assert "item 'a1': observer: may not be empty (got '')" in error.problems
    assert "item 'a4': option 'a' observer: must be text (got 3)" in error.problems
    assert "item 'a3': option 'x' obsrever: unknown field (got 'Typo')" in error.problems
    assert any(p.startswith("item 'b3': keyed") for p in error.problems)


def test_item_without_a_type(tmp_path):
    path, error = refused(tmp_path, lambda d: item(d, "b2").pop("type"))
    assert_one_problem(path, error, "item 'b2'", "type", "missing required field")


def test_every_problem_is_listed_at_once(tmp_path):
    def change(d):
        item(d, "a1")["keyed"] = "up"
        item(d, "a3")["options"][0]["lean"] = 2
        item(d, "b3")["axis"] = "nowhere"

    path, error = refused(tmp_path, change)
    assert len(error.problems) == 3, error.problems
    assert any("item 'a1'" in p and "keyed" in p for p in error.problems)
    assert any("item 'a3'" in p and "lean" in p for p in error.problems)
    assert any("item 'b3'" in p and "unknown axis 'nowhere'" in p for p in error.problems)
    assert str(error).count(f"{path.name}: ") == 3


def test_a_broken_option_does_not_also_claim_too_few_options(tmp_path):
    # a3 still has its two options; only one option's lean is wrong.
    path, error = refused(tmp_path, lambda d: item(d, "a3")["options"][0].update(lean=-3))
    assert not any("at least 2 options" in p for p in error.problems), error.problems
    assert_one_problem(path, error, "item 'a3'", "option 'x'", "lean", "at least -1")


# --- files --------------------------------------------------------------------------


def refused_file(path: Path) -> str:
    with pytest.raises(BankError) as caught:
        load_bank(path)
    message = str(caught.value)
    assert message.startswith(f"{path.name}: ")
    return message


def test_a_file_that_is_not_yaml(tmp_path):
    path = tmp_path / "garbled.yaml"
    path.write_text("id: x\n  title: [unclosed\n", encoding="utf-8")
    assert "not valid YAML" in refused_file(path)


def test_a_file_that_is_not_utf8(tmp_path):
    path = tmp_path / "latin.yaml"
    path.write_bytes("id: caf\xe9\n".encode("latin-1"))
    assert "not UTF-8" in refused_file(path)


@pytest.mark.parametrize("content", ["", "   \n# only a comment\n"])
def test_an_empty_file(tmp_path, content):
    path = tmp_path / "empty.yaml"
    path.write_text(content, encoding="utf-8")
    assert "empty" in refused_file(path)


def test_a_file_over_one_megabyte(tmp_path):
    path = tmp_path / "huge.yaml"
    path.write_bytes(MINI_BANK.read_bytes() + b"#" * MAX_FILE_BYTES)
    message = refused_file(path)
    assert "limit" in message
    assert "1,000,000" in message


def test_a_file_just_under_the_limit_still_loads(tmp_path):
    path = tmp_path / "padded.yaml"
    body = MINI_BANK.read_bytes() + b"\n#"
    path.write_bytes(body + b"#" * (MAX_FILE_BYTES - len(body)))
    assert load_bank(path).id == "mini"


def test_a_yaml_list_is_not_a_bank(tmp_path):
    path = tmp_path / "list.yaml"
    path.write_text("- id: core\n- axes: []\n", encoding="utf-8")
    assert "top level must be a mapping" in refused_file(path)


def test_python_tags_are_refused_not_executed(tmp_path):
    marker = tmp_path / "pwned"
    path = tmp_path / "evil.yaml"
    path.write_text(f"!!python/object/apply:os.system ['touch {marker}']\n", encoding="utf-8")
    message = refused_file(path)
    assert "python/object/apply" in message
    assert not marker.exists()


def test_a_missing_file_is_a_bank_error(tmp_path):
    assert "cannot read" in refused_file(tmp_path / "absent.yaml")


def test_parse_bank_without_axes_or_items_lists_both():
    with pytest.raises(BankError) as caught:
        parse_bank({"id": "x", "title": "X", "likert": MINI_DATA["likert"]}, source="x.yaml")
    assert "axes: missing required field" in caught.value.problems
    assert "items: missing required field" in caught.value.problems


# --- folders --------------------------------------------------------------------------


@pytest.fixture
def folder_with_one_broken_bank(tmp_path: Path) -> Path:
    shutil.copy(MINI_BANK, tmp_path / "mini.yaml")
    data = copy.deepcopy(MINI_DATA)
    data["id"] = "other"
    item(data, "a1")["keyed"] = "sideways"
    write_bank(tmp_path, data, "other.yaml")
    return tmp_path


def test_a_folder_keeps_the_good_bank_and_reports_the_broken_one(folder_with_one_broken_bank):
    catalog = load_folder(folder_with_one_broken_bank)
    assert list(catalog.banks) == ["mini"]
    assert [p.name for p in catalog.errors] == ["other.yaml"]
    assert "other.yaml: item 'a1': keyed" in str(*catalog.errors.values())


def test_two_files_with_one_bank_id_are_both_refused_each_naming_the_other(tmp_path):
    shutil.copy(MINI_BANK, tmp_path / "a.yaml")
    shutil.copy(MINI_BANK, tmp_path / "b.yaml")
    catalog = load_folder(tmp_path)
    assert catalog.banks == {}
    assert str(catalog.errors[tmp_path / "a.yaml"]).startswith(
        "a.yaml: bank id 'mini': also the id of b.yaml;"
    )
    assert str(catalog.errors[tmp_path / "b.yaml"]).startswith(
        "b.yaml: bank id 'mini': also the id of a.yaml;"
    )


def test_a_dropped_in_file_with_the_core_id_does_not_replace_the_core_bank(tmp_path):
    shutil.copytree(QUESTIONS, tmp_path, dirs_exist_ok=True)
    impostor = copy.deepcopy(MINI_DATA) | {"id": "core", "title": "Not the real core"}
    write_bank(tmp_path, impostor, "aaa.yaml")  # sorts before core.yaml
    catalog = load_folder(tmp_path)
    assert "core" not in catalog.banks, "neither file is taken for the core bank"
    assert "also the id of core.yaml" in str(catalog.errors[tmp_path / "aaa.yaml"])
    assert "also the id of aaa.yaml" in str(catalog.errors[tmp_path / "core.yaml"])
    assert "readiness" in catalog.banks


def test_the_shipped_folder_loads_clean_with_its_situations():
    catalog = load_folder(QUESTIONS)
    assert catalog.errors == {}
    assert {"core", "readiness"} <= set(catalog.banks)
    assert catalog.entries[QUESTIONS / "situations.yaml"].bank == "core"


# --- the archive of earlier shipped versions (docs/banks.md, "Versions") ----------------


def archived_files() -> list[Path]:
    return sorted((QUESTIONS / "archive").glob("*.yaml"))


def question_asked(item: LikertItem | ChoiceItem) -> tuple:
    """What an answer to the item means: its axis, wording and keying or options' leans."""
    if isinstance(item, LikertItem):
        return (item.axis, item.text, item.keyed)
    return (item.axis, item.text, tuple((o.id, o.text, o.lean) for o in item.options))


@pytest.mark.parametrize("path", archived_files(), ids=lambda p: p.name)
def test_an_archived_bank_is_the_earlier_version_its_name_says(path):
    bank_id, _, version = path.stem.rpartition("-v")
    bank = load_bank(path)
    shipped = load_bank(QUESTIONS / f"{bank_id}.yaml")
    assert (bank.id, bank.version) == (bank_id, int(version))
    assert bank.version < shipped.version


def test_the_archive_keeps_the_last_version_of_each_shipped_bank_before_the_current():
    kept = {path.stem for path in archived_files()}
    assert {"core-v1", "readiness-v1", "readiness-v2"} <= kept


@pytest.mark.parametrize("bank_id", ["core", "readiness"])
def test_an_item_id_kept_across_versions_still_asks_the_same_question(bank_id):
    """An item whose meaning changed got a new id, so an old sheet's answer is never
    read as the answer to a different question."""
    shipped = load_bank(QUESTIONS / f"{bank_id}.yaml")
    latest = max(
        (load_bank(p) for p in archived_files() if p.stem.startswith(f"{bank_id}-v")),
        key=lambda bank: bank.version,
    )
    changed = [
        item.id
        for item in shipped.items
        if item.id in {old.id for old in latest.items}
        and question_asked(item) != question_asked(latest.item(item.id))
    ]
    assert not changed, f"ids kept from version {latest.version} with a new meaning: {changed}"
