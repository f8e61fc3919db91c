"""The PDF of one candidate in an HR campaign: an A4 document for the conversation with
them, one section per bank of the campaign.

Page 1: who, which campaign, when; that the report opens a conversation and decides
nothing on its own. Then per bank: what the figures rest on, the self-against-observers
chart (scoring.raters_chart.gap_chart, rendered as every chart of the PDFs is), a table
per axis (self, each group shown, all observers, the gap, whether it is large), the same
in plain words, the readiness reading where the bank has one, and the answer-quality
flags. Last, how to read self-other gaps.

It draws only from CandidateResult (reports.campaign), whose ThreeSixty holds only what
the privacy rule allows: no hidden group, no observer's own answers or flag figures
(observers' flags are counted). With fewer observers than the campaign's minimum it
shows the self profile alone and says from how many observers the rest appears.

Words live in candidate_text.yaml (beside this module), checked when first read.
Layout: reports.layout's Report (fonts, footer, plain text) with fpdf2's own table()
and unbreakable() blocks.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import datetime
from functools import cache
from pathlib import Path

from fpdf import XPos, YPos
from fpdf.fonts import FontFace
from fpdf.recorder import FPDFRecorder

from questions.bank import read_yaml
from reports.campaign import CandidateResult
from reports.document import altair_png
from reports.layout import BLACK, BODY, MUTED, RULE, SMALL, TINT, WIDTH, Report, png_size
from reports.words import date_text, form_text, signed
from scoring.precision import answers_text, axis_reading, counted, overall_reading
from scoring.profile import Band, band
from scoring.quality_text import placeholders
from scoring.raters import LARGE_GAP, OVERALL, ThreeSixty
from scoring.raters_chart import gap_chart, raters_text

TEXT_FILE = Path(__file__).with_name("candidate_text.yaml")

TEMPLATES: dict[str, frozenset[str]] = {
    "kicker": frozenset(),
    "facts.campaign": frozenset(),
    "facts.role": frozenset(),
    "facts.date": frozenset(),
    "purpose.title": frozenset(),
    "purpose.text": frozenset({"name"}),
    "bank_intro": frozenset({"form", "name", "answers", "items"}),
    "basis_observers": frozenset({"raters", "groups", "minimum"}),
    "basis_too_few": frozenset({"finished", "minimum", "name"}),
    "chart.heading": frozenset(),
    "chart.heading_self_only": frozenset(),
    "chart.caption": frozenset(),
    "chart.caption_self_only": frozenset(),
    "table.heading": frozenset(),
    "table.axis": frozenset(),
    "table.self": frozenset(),
    "table.observers": frozenset(),
    "table.gap": frozenset(),
    "table.large": frozenset(),
    "table.large_yes": frozenset(),
    "table.none": frozenset(),
    "table.overall": frozenset(),
    "narrative.heading": frozenset(),
    "narrative.self_only": frozenset({"axis", "self"}),
    "narrative.with_observers": frozenset({"axis", "self", "observers", "gap"}),
    "narrative.no_observer_view": frozenset({"axis", "self"}),
    "narrative.no_self": frozenset({"axis", "observers"}),
    "narrative.position.strong": frozenset({"pole", "score"}),
    "narrative.position.leans": frozenset({"pole", "score"}),
    "narrative.position.balanced": frozenset({"score"}),
    "narrative.gap.large": frozenset(),
    "narrative.gap.wide": frozenset(),
    "narrative.gap.close": frozenset(),
    "readiness.overall": frozenset({"band"}),
    "readiness.axis": frozenset({"axis", "band", "means"}),
    "quality.heading": frozenset(),
    "quality.intro": frozenset(),
    "quality.self_heading": frozenset({"name"}),
    "quality.self_clear": frozenset(),
    "quality.observers_heading": frozenset(),
    "quality.observer_flag": frozenset({"title", "count", "total"}),
    "quality.observers_clear": frozenset(),
    "guide.heading": frozenset(),
    "guide.points": frozenset({"large_gap"}),
}
"""Every text of candidate_text.yaml (dotted path) and the placeholders the code fills
in; guide.points is a list of texts."""

# The chart: drawn across the text width, never shorter than this when it can be helped.
CHART_WIDTH_PX = 640
CHART_MIN_MM = 70
AXIS_MM = 50
GAP_MM = 17
SELF_ONLY_MM = 30
SMALL_LEADING = 4.2
LEADING = 4.8


# --- words -------------------------------------------------------------------------------


class Words:
    """candidate_text.yaml, read and checked: text('narrative.gap.large', ...)."""

    def __init__(self, data: Mapping, source: str):
        problems = []
        for path, allowed in TEMPLATES.items():
            value = _lookup(data, path)
            texts = value if isinstance(value, list) else [value]
            if value is None or not all(isinstance(t, str) and t.strip() for t in texts):
                problems.append(f"{path}: missing, or not text")
                continue
            problems += [
                f"{path}: unknown placeholder {{{field}}} "
                f"(known: {', '.join(sorted(allowed)) or 'none'})"
                for text in texts
                for field in placeholders(text)
                if field not in allowed
            ]
        if problems:
            raise ValueError(f"{source}: " + "; ".join(problems))
        self._data = data

    def text(self, path: str, /, **figures: object) -> str:
        return " ".join(str(_lookup(self._data, path)).split()).format(**figures)

    def texts(self, path: str, /, **figures: object) -> list[str]:
        return [" ".join(t.split()).format(**figures) for t in _lookup(self._data, path)]


def _lookup(data: object, path: str) -> object:
    for key in path.split("."):
        if not isinstance(data, Mapping) or key not in data:
            return None
        data = data[key]
    return data


def load_words(path: str | Path = TEXT_FILE) -> Words:
    name, data = read_yaml(path)
    if not isinstance(data, Mapping):
        raise ValueError(f"{name}: the top level must be a mapping")
    return Words(data, name)


@cache
def candidate_words() -> Words:
    """The shipped words, read and checked once."""
    return load_words()


def position(words: Words, shown: Band, score: float, left: str, right: str) -> str:
    """'leaning Act (+40.0)', 'strongly React (\u221262.5)', 'balanced (\u22127.5)'."""
    if shown.side is None:
        return words.text("narrative.position.balanced", score=signed(score))
    kind = "strong" if shown.value.startswith("strong") else "leans"
    pole = left if shown.side == "left" else right
    return words.text(f"narrative.position.{kind}", pole=pole, score=signed(score))


def gap_words(words: Words, view: ThreeSixty, axis_id: str) -> str:
    gap = view.gaps[axis_id]
    if axis_id in view.large_gaps:
        return words.text("narrative.gap.large")
    if gap is not None and abs(gap) >= LARGE_GAP:
        return words.text("narrative.gap.wide")
    return words.text("narrative.gap.close")


def _axes(result: CandidateResult) -> list[tuple[str, str, str, str]]:
    """(axis id, title, left pole, right pole) per axis, then the overall."""
    bank, words = result.bank, candidate_words()
    rows = [(a.id, a.title, a.left.label, a.right.label) for a in bank.axes]
    return [*rows, (OVERALL, words.text("table.overall"), bank.poles.left, bank.poles.right)]


def _self_band(result: CandidateResult, axis_id: str) -> tuple[Band | None, int]:
    """The self score's reported band (softened when tentative) and its answers."""
    profile = result.self_profile
    if profile is None:
        return None, 0
    if axis_id == OVERALL:
        return overall_reading(profile).band, sum(a.answered for a in profile.axes)
    reading = axis_reading(profile.axis(axis_id))
    return reading.band, reading.answered


def narrative(result: CandidateResult) -> list[str]:
    """Per axis, then overall, the self view and the observers' in plain words."""
    words, view = candidate_words(), result.view
    pooled = view.observers.scores if view.observers else {}
    lines = []
    for axis_id, title, left, right in _axes(result):
        own, observed = view.self_scores.get(axis_id), pooled.get(axis_id)
        shown, _ = _self_band(result, axis_id)
        if own is None and observed is None:
            continue
        if own is None:
            others = position(words, band(observed), observed, left, right)
            lines.append(words.text("narrative.no_self", axis=title, observers=others))
            continue
        mine = position(words, shown, own, left, right)
        if not view.shown():
            lines.append(words.text("narrative.self_only", axis=title, self=mine))
        elif observed is None:
            lines.append(words.text("narrative.no_observer_view", axis=title, self=mine))
        else:
            lines.append(
                words.text(
                    "narrative.with_observers",
                    axis=title,
                    self=mine,
                    observers=position(words, band(observed), observed, left, right),
                    gap=gap_words(words, view, axis_id),
                )
            )
    return lines


# --- drawing -----------------------------------------------------------------------------

# What the helpers draw on: the document, or inside an unbreakable() block the recorder
# it yields, which replays the calls on a new page when the block does not fit (calls
# made on the document itself there would be lost).
Pen = Report | FPDFRecorder


def _paragraph(
    pdf: Pen, text: str, size: float = BODY, bold=False, colour=BLACK, after: float = 2
) -> None:
    pdf.style(size, bold, colour)
    pdf.set_x(pdf.l_margin)
    leading = LEADING if size >= BODY else SMALL_LEADING
    pdf.multi_cell(WIDTH, leading, pdf.plain(text), align="L", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.ln(after)


def _heading(pdf: Pen, text: str, size: float = 13, before: float = 4) -> None:
    pdf.ln(before)
    _paragraph(pdf, text, size, bold=True, after=1.5)


def _bullet(pdf: Pen, item: str, size: float = BODY, colour=BLACK) -> None:
    leading = LEADING if size >= BODY else SMALL_LEADING
    pdf.style(size, colour=colour)
    pdf.set_x(pdf.l_margin)
    pdf.cell(4, leading, "\u2022")
    pdf.multi_cell(
        WIDTH - 4, leading, pdf.plain(item), align="L", new_x=XPos.LMARGIN, new_y=YPos.NEXT
    )
    pdf.ln(1)


def _bullets(pdf: Pen, items: Sequence[str], size: float = BODY, colour=BLACK) -> None:
    """Each item whole on one page, behind a bullet."""
    for item in items:
        with pdf.unbreakable() as doc:
            _bullet(doc, item, size, colour)


def _title(pdf: Report, result: CandidateResult, campaign_title: str, when: datetime) -> None:
    words = candidate_words()
    pdf.style(SMALL, bold=True, colour=MUTED)
    pdf.set_char_spacing(1.2)
    pdf.cell(0, 4, pdf.plain(words.text("kicker")), new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.set_char_spacing(0)
    pdf.ln(2.5)
    _paragraph(pdf, result.name, 20, bold=True, after=2)
    facts = [(words.text("facts.campaign"), campaign_title)]
    if result.candidate.current_role:
        facts.append((words.text("facts.role"), result.candidate.current_role))
    facts.append((words.text("facts.date"), date_text(when) or ""))
    for label, value in facts:
        pdf.style(SMALL, colour=MUTED)
        pdf.set_x(pdf.l_margin)
        pdf.cell(32, 5, pdf.plain(label))
        pdf.style(BODY, bold=True)
        pdf.multi_cell(WIDTH - 32, 5, pdf.plain(value), new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.ln(3)
    pdf.rule(pdf.get_y(), colour=BLACK, width=0.4)
    pdf.ln(4)


def _purpose(pdf: Pen, name: str) -> None:
    """The statement that the report opens a conversation, set off by a rule at its left."""
    words = candidate_words()
    pdf.set_draw_color(*RULE)
    pdf.set_line_width(1.0)
    with pdf.unbreakable() as doc:
        for text, bold in (
            (words.text("purpose.title"), True),
            (words.text("purpose.text", name=name), False),
        ):
            doc.style(BODY, bold)
            doc.set_x(doc.l_margin)
            doc.multi_cell(
                WIDTH,
                LEADING,
                doc.plain(text),
                align="L",
                border="L",
                padding=(0, 0, 0.6 if bold else 0, 5),
                new_x=XPos.LMARGIN,
                new_y=YPos.NEXT,
            )
    pdf.set_line_width(0.2)
    pdf.ln(3)


def _basis(pdf: Pen, result: CandidateResult) -> None:
    words, view, bank = candidate_words(), result.view, result.bank
    profile = result.self_profile
    answered = sum(a.answered for a in profile.axes) if profile else 0
    items = len(bank.form_items(profile.form if profile else None))
    form = form_text(bank, profile.form) if profile else form_text(bank, None)
    texts = [
        words.text(
            "bank_intro", form=form, name=result.name, answers=answers_text(answered), items=items
        )
    ]
    if view.shown():
        groups = ", ".join(f"{g.label}: {g.raters}" for g in view.groups)
        groups = groups or view.observers.label.lower()
        texts.append(
            words.text(
                "basis_observers",
                raters=counted(view.observers.raters, "observer"),
                groups=groups,
                minimum=view.minimum,
            )
        )
    else:
        texts.append(
            words.text(
                "basis_too_few",
                finished=counted(result.observers_finished, "observer"),
                minimum=view.minimum,
                name=result.name,
            )
        )
    for text in texts:
        _paragraph(pdf, text, after=1.5)


def _chart(pdf: Report, result: CandidateResult) -> None:
    words = candidate_words()
    png = altair_png(gap_chart(result.view, result.bank, width=CHART_WIDTH_PX))
    png_w, png_h = png_size(png)
    h = WIDTH * png_h / png_w
    kind = "" if result.view.shown() else "_self_only"
    heading, caption = words.text(f"chart.heading{kind}"), words.text(f"chart.caption{kind}")
    above = 4 + 13 * 0.5 + 1.5 + pdf.wrap(caption, WIDTH, SMALL, leading=SMALL_LEADING).height + 2
    if pdf.will_page_break(above + min(h, CHART_MIN_MM)):
        pdf.add_page()
    _heading(pdf, heading)
    _paragraph(pdf, caption, SMALL, colour=MUTED, after=2)
    room = pdf.page_break_trigger - pdf.get_y()
    pdf.centred_png(
        png, WIDTH, room, "Self against observers: one row per axis, each view's mean on it"
    )
    pdf.set_y(pdf.get_y() + 2)


def table_rows(result: CandidateResult) -> list[list[str]]:
    """The per-axis table: a heading row, then per axis and overall the self score, each
    shown group's and all observers' means with what they rest on, the gap and whether
    it is large. Only the views the 360 holds have a column."""
    words, view = candidate_words(), result.view
    none = words.text("table.none")
    views = [*view.groups, view.observers] if view.shown() else []
    heading = [words.text("table.axis"), words.text("table.self")]
    heading += [words.text("table.observers") if v is view.observers else v.label for v in views]
    if view.shown():
        heading += [words.text("table.gap"), words.text("table.large")]
    rows = [heading]
    for axis_id, title, _, _ in _axes(result):
        own = view.self_scores.get(axis_id)
        _, answered = _self_band(result, axis_id)
        row = [title, none if own is None else f"{signed(own)}\n{answers_text(answered)}"]
        for v in views:
            mean = v.scores[axis_id]
            basis = raters_text(v.counts[axis_id], v.raters)
            row.append(none if mean is None else f"{signed(mean)}\n{basis}")
        if view.shown():
            gap = view.gaps[axis_id]
            row.append(none if gap is None else signed(gap))
            row.append(words.text("table.large_yes") if axis_id in view.large_gaps else "")
        rows.append(row)
    return rows


def _table(pdf: Report, result: CandidateResult) -> None:
    words = candidate_words()
    rows = table_rows(result)
    columns = len(rows[0])
    if columns > 2:  # the axis, the views' scores, then the gap and its marker
        views = columns - 3
        share = (WIDTH - AXIS_MM - 2 * GAP_MM) / views
        widths = (AXIS_MM, *([share] * views), GAP_MM, GAP_MM)
    else:  # the self profile alone: a narrow table, not a score at the far margin
        widths = (AXIS_MM + 30, SELF_ONLY_MM)
    headings = FontFace(emphasis="BOLD", size_pt=SMALL, fill_color=TINT)

    def draw() -> None:
        _heading(pdf, words.text("table.heading"))
        pdf.style(SMALL)
        pdf.set_draw_color(*RULE)
        pdf.set_line_width(0.2)
        with pdf.table(
            width=sum(widths),
            align="LEFT",
            col_widths=widths,
            text_align=("LEFT", *(["RIGHT"] * (columns - 2)), "CENTER" if columns > 2 else "RIGHT"),
            borders_layout="HORIZONTAL_LINES",
            headings_style=headings,
            line_height=SMALL_LEADING,
            padding=(1.2, 1.5),
            v_align="TOP",
        ) as table:
            for row in rows:
                table.row([pdf.plain(c) if "\n" not in c else _plain_lines(pdf, c) for c in row])
        pdf.ln(2)

    # Kept whole with its heading when it fits a page (fpdf2's own trial rendering);
    # a longer table breaks between rows and repeats its heading row.
    with pdf.offset_rendering() as trial:
        draw()
    if trial.page_break_triggered and pdf.get_y() > pdf.t_margin + 1:
        pdf.add_page()
    draw()


def _plain_lines(pdf: Report, text: str) -> str:
    return "\n".join(pdf.plain(line) for line in text.split("\n"))


def _narrative(pdf: Report, result: CandidateResult) -> None:
    lines = narrative(result)
    if not lines:
        return
    with pdf.unbreakable() as doc:
        _heading(doc, candidate_words().text("narrative.heading"))
        _bullet(doc, lines[0])
    _bullets(pdf, lines[1:])


def _readiness(pdf: Report, result: CandidateResult) -> None:
    reading, words = result.readiness, candidate_words()
    if reading is None:
        return
    with pdf.unbreakable() as doc:
        _heading(doc, reading.title)
        if reading.intro:
            _paragraph(doc, reading.intro, after=1.5)
        _paragraph(doc, words.text("readiness.overall", band=reading.overall_band_label), bold=True)
        _paragraph(doc, reading.overall, after=1.5)
    notes = [
        words.text("readiness.axis", axis=a.title, band=a.band_label, means=a.note.means)
        if a.note
        else f"{a.title}: {reading.unscored}"
        for a in reading.axes
    ]
    _bullets(pdf, notes)
    with pdf.unbreakable() as doc:
        _paragraph(doc, reading.caution, SMALL, colour=MUTED, after=2)


def _quality(pdf: Report, result: CandidateResult) -> None:
    words = candidate_words()
    report = result.self_quality
    with pdf.unbreakable() as doc:
        _heading(doc, words.text("quality.heading"))
        _paragraph(doc, words.text("quality.intro"), after=2)
        if report is not None:
            _paragraph(
                doc, words.text("quality.self_heading", name=result.name), bold=True, after=1
            )
            if not report.flags:
                _paragraph(doc, words.text("quality.self_clear"), after=1)
    if report is not None:
        _bullets(pdf, [f"{flag.title}: {flag.explanation}" for flag in report.flags])
        _bullets(pdf, [f"{n.title}. {n.reason}" for n in report.not_assessed], SMALL, MUTED)
    if result.view.shown():
        total = result.observers_finished
        flags = [
            words.text("quality.observer_flag", title=title, count=count, total=total)
            for title, count in sorted(result.observer_flags.items())
        ]
        with pdf.unbreakable() as doc:
            doc.ln(1)
            _paragraph(doc, words.text("quality.observers_heading"), bold=True, after=1)
            if flags:
                _bullet(doc, flags[0])
            else:
                _paragraph(doc, words.text("quality.observers_clear"))
        _bullets(pdf, flags[1:])


def _guide(pdf: Report) -> None:
    words = candidate_words()
    points = words.texts("guide.points", large_gap=f"{LARGE_GAP:g}")
    with pdf.unbreakable() as doc:  # short: kept whole
        _heading(doc, words.text("guide.heading"))
        for point in points:
            _bullet(doc, point)


def _section(pdf: Report, result: CandidateResult) -> None:
    bank = result.bank
    with pdf.unbreakable() as doc:
        _heading(doc, bank.title, 15, before=2)
        _basis(doc, result)
    if result.self_profile is not None or result.view.shown():
        _chart(pdf, result)
    _table(pdf, result)
    _narrative(pdf, result)
    _readiness(pdf, result)
    _quality(pdf, result)


# --- the document ------------------------------------------------------------------------


def candidate_pdf(
    results: Sequence[CandidateResult], campaign_title: str, generated_at: datetime
) -> bytes:
    """The A4 report of one candidate: one section per result, each a bank of the
    campaign (in the order given; see the module docstring). ValueError when `results`
    is empty or holds more than one candidate."""
    if not results:
        raise ValueError("a candidate report needs the candidate's result on at least one bank")
    people = {r.candidate.person_id for r in results}
    if len(people) > 1:
        raise ValueError(f"one candidate per report, got {len(people)}")
    first = results[0]
    pdf = Report(footer_left=f"{campaign_title} \u00b7 {first.name}")
    pdf.set_title(f"{campaign_title}: {first.name}")
    pdf.set_creator("sales-style-assessment")
    pdf.set_lang("en")
    pdf.add_page()
    _title(pdf, first, campaign_title, generated_at)
    _purpose(pdf, first.name)
    for n, result in enumerate(results):
        if n:
            pdf.add_page()
        _section(pdf, result)
    if any(r.view.shown() for r in results):
        _guide(pdf)
    return bytes(pdf.output())
