"""The PDF report of one attempt: an A4 document meant to be read on paper.

Page 1: the title block (bank, form, date, name), the overall position, a note that
neither pole is the better one, and the profile chart. When there is an earlier attempt,
a section gives its date and scores and how far each score has moved, judged against the
measurement's error as the results page judges it (scoring.precision, through
reports.earlier). Then one card per axis, the strongest lean first, with the summary,
strengths, risks and development tips of the pole it leans to (both poles side by side
when balanced); axes without a score are listed after the cards. Last, when situations
were ticked, how the profile compares with what each one calls for.

The pieces it is built from (fonts, measured text, the flow of pieces down the page,
the gauges) are in reports.layout; the words that are plain functions of data (signed
scores, dates, the form) in reports.words. Everything, names included, is written as
plain text. The chart is the app's Altair chart rendered to PNG by vl-convert with every
external URL refused, so building a report never touches the network.

A card never leaves its header at the foot of a page and a situation is never split.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

import altair as alt
import vl_convert
from fpdf import XPos, YPos

from questions.bank import Axis, Bank, Pole
from reports.earlier import Comparison
from reports.layout import (
    BLACK,
    COLUMN_GAP,
    GUTTER,
    LEADING,
    LEFT_RGB,
    MUTED,
    RIGHT_RGB,
    SMALL,
    SMALL_LEADING,
    TINT,
    TRACK,
    WIDTH,
    Bullets,
    Lines,
    Piece,
    Report,
    png_size,
)
from reports.words import (
    EARLIER_COLUMNS,
    EARLIER_HEADING,
    EARLIER_INTRO,
    NO_SCORE,
    change_words,
    date_text,
    earlier_summary,
    form_text,
    signed,
)
from scoring.charts import ROW_HEIGHT, profile_chart
from scoring.fit import SituationFit, Verdict
from scoring.precision import FIRM_ANSWERS, Reading, axis_reading, firmer_advice, overall_reading
from scoring.profile import LEAN, AxisScore, Profile, minimum_answered

__all__ = ["date_text", "fit_summary", "form_text", "results_pdf", "signed"]

# The chart (scoring.charts): ROW_HEIGHT pixels per axis plus the x axis; drawn across
# the full text width and no taller than NATURAL_MM_PER_PX makes it.
CHART_EXTRA_PX = 28
NATURAL_MM_PER_PX = 0.29
CHART_MIN_MM = 80
CHART_SCALE = 2

VERDICT_WORDS = {
    Verdict.FITS: "Fits",
    Verdict.BALANCED: "Balanced: can flex",
    Verdict.PULLS_AGAINST: "Pulls against",
    Verdict.NO_SCORE: "No score yet",
}
NEITHER_BETTER = (
    "Neither end of a scale is the better one. Each style fits some situations, teams "
    "and moments better than others, and strong sales managers move between them. Read "
    "this report as a description of how you tend to work today, not as a grade."
)
CHART_CAPTION = (
    "Each row runs from one pole (left, \u2212100) to the other (right, +100). The dot is "
    f"your score on that axis; the shaded middle, from \u2212{LEAN} to +{LEAN}, is the "
    "balanced zone. Each axis card below says how many answers its score rests on."
)
SITUATIONS_INTRO = (
    "Each situation you ticked calls for more of one style on a few axes. On each of them "
    "your profile fits (it leans the way the situation asks), is balanced (you can flex "
    "either way) or pulls against it (it leans the other way). A pull is not a fault: it "
    "shows where the situation asks you to stretch."
)


# --- words -------------------------------------------------------------------------------


def fit_summary(fit: SituationFit) -> str:
    """'Of the 3 axes this situation weighs, your profile fits on 2 and is balanced on 1.'"""
    phrases = {
        Verdict.FITS: "fits on {}",
        Verdict.BALANCED: "is balanced on {}",
        Verdict.PULLS_AGAINST: "pulls against it on {}",
        Verdict.NO_SCORE: "has no score yet on {}",
    }
    n = len(fit.axes)
    counts = {v: fit.count(v) for v in phrases if fit.count(v)}
    if len(counts) == 1:  # the same verdict everywhere
        verdict = next(iter(counts))
        where = "it" if n == 1 else ("both" if n == 2 else f"all {n}")
        joined = phrases[verdict].format(where)
    else:
        parts = [phrases[v].format(count) for v, count in counts.items()]
        joined = ", ".join(parts[:-1]) + " and " + parts[-1]
    lead = "On the one axis" if n == 1 else f"Of the {n} axes"
    return f"{lead} this situation weighs, your profile {joined}."


# --- the chart ---------------------------------------------------------------------------


def altair_png(chart: alt.TopLevelMixin) -> bytes:
    """An Altair chart of the app as PNG at CHART_SCALE, rendered with every external URL
    refused, so building a PDF never touches the network."""
    spec = chart.to_dict(validate=False)  # scoring builds it; checking costs 0.3 s
    return vl_convert.vegalite_to_png(spec, scale=CHART_SCALE, allowed_base_urls=[])


def chart_png(profile: Profile, previous: Profile | None, width_px: int) -> bytes:
    """The profile chart as PNG, rendered with every external URL refused."""
    return altair_png(profile_chart(profile, previous, width=width_px))


# --- page 1 ------------------------------------------------------------------------------


def _title_block(
    pdf: Report, bank: Bank, profile: Profile, name: str | None, taken_at: object
) -> None:
    pdf.style(SMALL, bold=True, colour=MUTED)
    pdf.set_char_spacing(1.2)
    pdf.cell(0, 4, "SELF-ASSESSMENT REPORT", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.set_char_spacing(0)
    pieces = [pdf.space(2.5), pdf.paragraph(pdf.wrap(bank.title, WIDTH, 20, True, leading=9))]
    if bank.description:
        pieces += [pdf.space(1), pdf.paragraph(pdf.wrap(bank.description, WIDTH, 11))]
    pdf.flow([*pieces, pdf.space(5)], keep=len(pieces))

    form = form_text(bank, profile.form)
    when = date_text(taken_at) or date_text(dt.date.today())
    pdf.style(11, bold=True)
    # Form and date get the width they need (up to a limit), the name the rest.
    form_w = min(pdf.get_string_width(pdf.plain(form)) + 8, 64)
    date_w = min(pdf.get_string_width(pdf.plain(when)) + 8, 48)
    facts = [("Form", form, form_w), ("Date", when, date_w)]
    if name is not None and pdf.plain(name):
        facts.insert(0, ("Name", name, WIDTH - form_w - date_w))
    top = pdf.get_y()
    bottom = top
    x = pdf.l_margin
    for label, value, width in facts:
        pdf.wrap(label.upper(), width - 4, SMALL, colour=MUTED, leading=4.2).draw(pdf, x, top)
        lines = pdf.wrap(value, width - 4, 11, bold=True, leading=5.4)
        lines.draw(pdf, x, top + 4.6)
        bottom = max(bottom, top + 4.6 + lines.height)
        x += width
    pdf.rule(bottom + 4, colour=BLACK, width=0.4)
    pdf.set_y(bottom + 6)


def _overall_block(pdf: Report, bank: Bank, profile: Profile) -> None:
    pdf.flow([pdf.space(4), pdf.heading("Overall position", 13)], keep=2)
    answered = sum(a.answered for a in profile.axes)
    items = sum(a.items for a in profile.axes)
    scored = sum(a.score is not None for a in profile.axes)
    if profile.overall is None:
        pdf.flow(
            [
                pdf.paragraph(pdf.wrap("Not enough answers yet", WIDTH, 14, bold=True), after=1.5),
                pdf.paragraph(
                    pdf.wrap(
                        f"You answered {answered} of {items} questions. An axis gets a score "
                        "once at least half of its questions are answered, and no axis has "
                        "reached that yet, so this report cannot place you. Answer more "
                        "questions and download the report again.",
                        WIDTH,
                    )
                ),
            ],
            keep=2,
        )
        return

    left, right = profile.overall_left, profile.overall_right
    reading = overall_reading(profile)
    y = pdf.get_y()
    pdf.style(14, bold=True)
    pdf.set_xy(pdf.l_margin, y)
    words = reading.words if reading.firm else f"{reading.words} (tentative)"
    pdf.cell(WIDTH * 0.7, 7, pdf.plain(words))
    pdf.cell(WIDTH * 0.3, 7, signed(profile.overall), align="R")
    pdf.poles_gauge(y + 11, left, right, profile.overall, label_w=36, dot=1.9)
    pdf.set_y(y + 16)
    explanation = (
        f"Your overall score is {signed(profile.overall)} on a scale from \u2212100 (wholly "
        f"{left}) to +100 (wholly {right}): the mean of your {scored} axis "
        f"score{'s' * (scored != 1)}, based on {answered} of {items} answers."
    )
    pieces = [pdf.paragraph(pdf.wrap(explanation, WIDTH))]
    if not reading.firm:
        pieces += [pdf.space(1.5), _tentative_note(pdf, reading, firmer_advice(bank, profile.form))]
    pdf.flow(pieces, keep=len(pieces))


def _tentative_note(pdf: Report, reading: Reading, advice: str) -> Piece:
    """Why a reading is tentative, and what would firm it up, set off by a rule."""
    text = (
        f"A tentative reading: {reading.note}. An axis needs {FIRM_ANSWERS} answers for a "
        f"firm score, and only a firm score is called Strongly one pole; {advice}."
    )
    lines = pdf.wrap(text, WIDTH - 5, colour=MUTED)

    def draw(y: float) -> None:
        lines.draw(pdf, pdf.l_margin + 5, y)
        pdf.set_draw_color(*TRACK)
        pdf.set_line_width(1.0)
        pdf.line(pdf.l_margin + 0.5, y + 0.4, pdf.l_margin + 0.5, y + lines.height - 0.4)

    return Piece(lines.height, draw)


def _note(pdf: Report) -> None:
    title = pdf.wrap("Neither style is better", WIDTH - 5, bold=True)
    body = pdf.wrap(NEITHER_BETTER, WIDTH - 5)

    def draw(y: float) -> None:
        title.draw(pdf, pdf.l_margin + 5, y)
        body.draw(pdf, pdf.l_margin + 5, y + title.height + 0.6)
        pdf.set_draw_color(*TRACK)
        pdf.set_line_width(1.0)
        bottom = y + title.height + 0.6 + body.height
        pdf.line(pdf.l_margin + 0.5, y + 0.4, pdf.l_margin + 0.5, bottom - 0.4)

    pdf.flow([pdf.space(5), Piece(title.height + 0.6 + body.height, draw)], keep=2)


def _chart_block(pdf: Report, profile: Profile, previous: Profile | None) -> None:
    caption_text = CHART_CAPTION
    if previous is not None:
        caption_text += " The grey ring marks your previous attempt."
    caption = pdf.wrap(caption_text, WIDTH, colour=MUTED, leading=4.5)
    heading = pdf.heading("Your profile", 13)
    height_px = ROW_HEIGHT * len(profile.axes) + CHART_EXTRA_PX
    natural_mm = height_px * NATURAL_MM_PER_PX
    above = 6 + heading.height + caption.height + 3

    room = pdf.bottom - pdf.get_y() - above
    if room < min(CHART_MIN_MM, natural_mm):
        pdf.add_page()
        room = pdf.bottom - pdf.get_y() - above
    height_mm = min(room, natural_mm)
    width_px = max(320, round(height_px * WIDTH / height_mm))
    png = chart_png(profile, previous, width_px)
    # The plot itself (the image less vl-convert's padding) spans the text width, so
    # the pole labels line up with the text above.
    width = WIDTH * png_size(png)[0] / (width_px * CHART_SCALE)
    pdf.flow([pdf.space(6), heading, pdf.paragraph(caption, after=3)], keep=3)
    pdf.centred_png(
        png, width, room, "Profile chart: one row per axis, the score between the two poles"
    )


# --- axis cards --------------------------------------------------------------------------


ROW_LABELS = (("Strengths", "strengths"), ("Risks", "risks"), ("Development tips", "tips"))


def _pole_cells(pdf: Report, pole: Pole, w: float) -> dict[str, Lines | Bullets]:
    """A pole's content by row label, text broken for a column of width w."""
    cells: dict[str, Lines | Bullets] = {}
    if pole.summary:
        cells["Summary"] = pdf.wrap(pole.summary, w)
    for label, field in ROW_LABELS:
        if getattr(pole, field):
            cells[label] = pdf.bullets(getattr(pole, field), w)
    return cells


def _card_row(pdf: Report, label: str, cells: Sequence[Lines | Bullets | None]) -> Piece:
    """A row of a card: a label in the gutter and one or two columns of text."""
    name = pdf.wrap(label, GUTTER - 3, bold=True)
    column = (WIDTH - GUTTER - COLUMN_GAP * (len(cells) - 1)) / len(cells)
    height = max([name.height, *(c.height for c in cells if c is not None)])

    def draw(y: float) -> None:
        name.draw(pdf, pdf.l_margin, y)
        for n, content in enumerate(cells):
            if content is not None:
                content.draw(pdf, pdf.l_margin + GUTTER + n * (column + COLUMN_GAP), y)

    return Piece(height + 2.8, draw)


def _axis_card(pdf: Report, axis: Axis, score: AxisScore) -> None:
    reading = axis_reading(score)
    side = reading.band.side if reading.band else None
    title = pdf.wrap(axis.title, WIDTH * 0.62, 12, bold=True, leading=6)
    verdict = f"{pdf.plain(reading.words)}   {signed(score.score)}"
    basis = reading.basis + ("" if reading.firm else ", tentative")
    top_h = max(title.height, 10.4)  # the title, or the verdict and what it rests on
    header_h = 3 + top_h + 9

    def header(y: float) -> None:
        pdf.rule(y)
        title.draw(pdf, pdf.l_margin, y + 3)
        pdf.style(11, bold=True)
        pdf.set_xy(pdf.l_margin + WIDTH * 0.62, y + 3)
        pdf.cell(WIDTH * 0.38, 6, verdict, align="R")
        pdf.style(SMALL, colour=MUTED)
        pdf.set_xy(pdf.l_margin + WIDTH * 0.62, y + 9)
        pdf.cell(WIDTH * 0.38, 4.4, basis, align="R")
        gauge_y = y + 3 + top_h + 3.5
        pdf.poles_gauge(gauge_y, axis.left.label, axis.right.label, score.score, GUTTER, 1.5)

    pieces = [Piece(header_h, header)]
    if side is None:  # balanced: both poles side by side, neither ahead of the other
        column = (WIDTH - GUTTER - COLUMN_GAP) / 2
        names = [
            pdf.wrap(axis.left.label, column, bold=True, colour=LEFT_RGB),
            pdf.wrap(axis.right.label, column, bold=True, colour=RIGHT_RGB),
        ]
        poles_h = max(n.height for n in names) + 1.2

        def pole_names(y: float) -> None:
            for n, lines in enumerate(names):
                lines.draw(pdf, pdf.l_margin + GUTTER + n * (column + COLUMN_GAP), y)

        heads = Piece(poles_h, pole_names)
        pieces.append(heads)
        left = _pole_cells(pdf, axis.left, column)
        right = _pole_cells(pdf, axis.right, column)
        rows = [_card_row(pdf, lab, [left.get(lab), right.get(lab)]) for lab in {**left, **right}]
    else:
        heads = None
        rows = [
            _card_row(pdf, label, [content])
            for label, content in _pole_cells(pdf, axis.pole(side), WIDTH - GUTTER).items()
        ]

    details = f"Source: {axis.source}" if axis.source else ""
    note = pdf.wrap(details, WIDTH, SMALL, colour=MUTED, leading=SMALL_LEADING)
    if rows:  # the source line stays with the last row
        last = rows[-1]
        rows[-1] = Piece(
            last.height + note.height,
            lambda y, last=last: (last.draw(y), note.draw(pdf, pdf.l_margin, y + last.height)),
        )
    else:
        rows = [pdf.paragraph(note)]

    more = pdf.wrap(f"{axis.title} (continued)", WIDTH, bold=True, colour=MUTED)

    def continued(y: float) -> None:
        pdf.rule(y)
        more.draw(pdf, pdf.l_margin, y + 2.5)
        if heads is not None:
            heads.draw(y + 2.5 + more.height + 1.5)

    extra = heads.height if heads is not None else 0
    pdf.flow(
        [*pieces, *rows, pdf.space(6)],
        keep=len(pieces) + 1,
        continued=Piece(2.5 + more.height + 1.5 + extra, continued),
    )


def _unscored_block(pdf: Report, unscored: Sequence[AxisScore]) -> None:
    intro = pdf.wrap(
        "An axis gets a score once at least half of its questions are answered.", WIDTH
    )
    entries = [
        pdf.bullets(
            [f"{a.title}: {a.answered} of {a.items} answered, {minimum_answered(a.items)} needed"],
            WIDTH,
        )
        for a in unscored
    ]
    pieces = [
        pdf.space(2),
        pdf.heading("Not scored yet", 12),
        pdf.paragraph(intro, after=1.5),
        *(Piece(e.height + 0.7, lambda y, e=e: e.draw(pdf, pdf.l_margin, y)) for e in entries),
    ]
    pdf.flow(pieces, keep=4)


# --- the earlier attempt ----------------------------------------------------------------

EARLIER_WIDTHS = (64, 18, 18, 70)


def _earlier_block(pdf: Report, comparison: Comparison, profile: Profile) -> None:
    """The earlier attempt's date and overall score, then per axis then, now and the
    change, judged against the measurement's error as the results page judges it."""
    columns = list(zip(EARLIER_COLUMNS, EARLIER_WIDTHS, strict=True))
    before = comparison.earlier.profile
    summary = earlier_summary(comparison.earlier.taken_at, before.overall, comparison.overall)
    head = [
        pdf.space(4),
        pdf.heading(EARLIER_HEADING, 13),
        pdf.paragraph(pdf.wrap(summary, WIDTH, bold=True), after=1.5),
        pdf.paragraph(pdf.wrap(EARLIER_INTRO, WIDTH, colour=MUTED), after=3),
        _table_row(pdf, EARLIER_COLUMNS, header=True, columns=columns),
    ]

    def score_text(value: float | None) -> str:
        return NO_SCORE if value is None else signed(value)

    rows = []
    for axis in profile.axes:
        moved = comparison.axes.get(axis.axis_id)
        then = score_text(before.axis(axis.axis_id).score)
        words = change_words(moved)
        rows.append(
            _table_row(pdf, [axis.title, then, score_text(axis.score), words], columns=columns)
        )
    pdf.flow([*head, *rows, pdf.space(4)], keep=len(head) + 1)


# --- situations --------------------------------------------------------------------------

TABLE_COLUMNS = (("Axis", 53), ("Calls for", 27), ("Your position", 54), ("Fit", 36))


def _table_row(
    pdf: Report,
    texts: Sequence[str],
    header: bool = False,
    columns: Sequence[tuple[str, float]] = TABLE_COLUMNS,
) -> Piece:
    pad = 1.4
    cells = [
        pdf.wrap(text, width - 3, bold=header, leading=LEADING)
        for text, (_, width) in zip(texts, columns, strict=True)
    ]
    height = max(c.height for c in cells) + 2 * pad

    def draw(y: float) -> None:
        if header:
            pdf.set_fill_color(*TINT)
            pdf.rect(pdf.l_margin, y, WIDTH, height, style="F")
        x = pdf.l_margin
        for lines, (_, width) in zip(cells, columns, strict=True):
            lines.draw(pdf, x + 1.5, y + pad)
            x += width
        pdf.rule(y + height)

    return Piece(height, draw)


def _situation_pieces(pdf: Report, fit: SituationFit, bank: Bank, profile: Profile) -> list[Piece]:
    """A situation, kept on one page: label, style, why, the axis table, a summary."""
    label = pdf.wrap(fit.situation.label, WIDTH, 12, bold=True, leading=6)
    pole_rgb = LEFT_RGB if fit.situation.pole == "left" else RIGHT_RGB
    calls = pdf.wrap(f"Calls for more {fit.style}", WIDTH, bold=True, colour=pole_rgb)
    why = pdf.wrap(fit.situation.why, WIDTH)

    def top(y: float) -> None:
        pdf.rule(y)
        label.draw(pdf, pdf.l_margin, y + 3)
        calls.draw(pdf, pdf.l_margin, y + 3 + label.height + 0.8)

    rows = [_table_row(pdf, [name for name, _ in TABLE_COLUMNS], header=True)]
    for axis in fit.axes:
        position = (
            "No score yet"
            if axis.score is None
            else f"{axis_reading(profile.axis(axis.axis_id)).words} ({signed(axis.score)})"
        )
        rows.append(
            _table_row(pdf, [axis.title, axis.called_for, position, VERDICT_WORDS[axis.verdict]])
        )
    summary = pdf.wrap(fit_summary(fit), WIDTH, colour=MUTED)
    return [
        Piece(3 + label.height + 0.8 + calls.height + 1, top),
        pdf.paragraph(why, after=3),
        *rows,
        pdf.space(2.5),
        pdf.paragraph(summary),
        pdf.space(7),
    ]


# --- the document ------------------------------------------------------------------------


def results_pdf(
    bank: Bank,
    profile: Profile,
    *,
    situations_fit: Sequence[SituationFit] = (),
    previous: Profile | None = None,
    respondent_name: str | None = None,
    taken_at: dt.date | dt.datetime | str | None = None,
    comparison: Comparison | None = None,
) -> bytes:
    """The A4 PDF report of one attempt (see the module docstring).

    `previous` (an earlier profile on the same bank) adds rings to the chart;
    `comparison` (reports.earlier) adds them too, and a section with the earlier
    attempt's date and scores and how far each score has moved;
    `respondent_name` is printed as plain text; `taken_at` (a date, a datetime or ISO
    text) is the date printed, today's when None.
    """
    pdf = Report(footer_left=bank.title)
    pdf.set_title(f"{bank.title}: report")
    pdf.set_creator("sales-style-assessment")
    pdf.set_lang("en")
    if comparison is not None and previous is None:
        previous = comparison.earlier.profile
    pdf.add_page()
    _title_block(pdf, bank, profile, respondent_name, taken_at)
    _overall_block(pdf, bank, profile)
    _note(pdf)
    scored = [a for a in profile.strongest_first() if a.score is not None]
    unscored = [a for a in profile.axes if a.score is None]
    if scored:
        _chart_block(pdf, profile, previous)

    if scored or comparison is not None:
        pdf.add_page()
    if comparison is not None:
        _earlier_block(pdf, comparison, profile)
    if scored:
        pdf.flow([pdf.heading("Axis by axis, strongest lean first", 14, after=4)])
        for axis_score in scored:
            _axis_card(pdf, bank.axis(axis_score.axis_id), axis_score)
    if unscored:
        _unscored_block(pdf, unscored)

    for n, fit in enumerate(situations_fit):
        pieces = _situation_pieces(pdf, fit, bank, profile)
        if n == 0:  # the section's heading stays with its first situation
            intro = pdf.wrap(SITUATIONS_INTRO, WIDTH)
            heading = pdf.heading("What fits your situation", 14)
            pieces = [pdf.space(4), heading, pdf.paragraph(intro, after=5), *pieces]
        pdf.flow(pieces, keep=len(pieces))
    return bytes(pdf.output())
