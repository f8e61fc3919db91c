"""The layout primitives of the PDF report: fonts, geometry and colours, text measured
before it is drawn, and an FPDF subclass that flows measured pieces down the page.

Layout is measured before it is drawn (text is broken into lines once, then placed), so
a caller can keep a header with what follows it, never split a block, and stay fast.
Text is set in DejaVu Sans, bundled in reports/fonts (its licence is next to it); a
character the font lacks is printed as "?". Nothing here knows what a report says:
reports.document composes the results document from these pieces.
"""

from __future__ import annotations

import io
import struct
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from fpdf import FPDF

from scoring.charts import LEFT_COLOUR, NEUTRAL_COLOUR, RIGHT_COLOUR
from scoring.profile import LEAN, band

FONT_DIR = Path(__file__).resolve().parent / "fonts"
FONT = "DejaVu"
FONT_FILES = {"": "DejaVuSans.ttf", "B": "DejaVuSans-Bold.ttf"}

# Geometry in mm, type in pt.
MARGIN_X = 20
MARGIN_TOP = 18
MARGIN_BOTTOM = 20
WIDTH = 210 - 2 * MARGIN_X
GUTTER = 33  # the column of row labels in a card
COLUMN_GAP = 6
BULLET_INDENT = 4
BODY = 10
SMALL = 9
LEADING = 4.8  # line height of 10 pt text
SMALL_LEADING = 4.2
POLE_GAP = 1.5  # between a pole's name and the gauge
POLE_MIN_SIZE = 7.5  # a long pole name is set no smaller than this, then wrapped

# Black text on white; grey for secondary text and rules; the chart's two pole colours
# only for marks and pole names, which stay legible in black and white.
BLACK = (0, 0, 0)
MUTED = (80, 80, 80)
RULE = (185, 185, 185)
TINT = (238, 240, 242)
TRACK = (190, 194, 199)
ZONE = (226, 229, 232)


def _hex(colour: str) -> tuple[int, int, int]:
    colour = colour.lstrip("#")
    return tuple(int(colour[i : i + 2], 16) for i in (0, 2, 4))


LEFT_RGB, RIGHT_RGB, NEUTRAL_RGB = map(_hex, (LEFT_COLOUR, RIGHT_COLOUR, NEUTRAL_COLOUR))


def _side_rgb(score: float | None) -> tuple[int, int, int]:
    side = None if score is None else band(score).side
    return {"left": LEFT_RGB, "right": RIGHT_RGB}.get(side, NEUTRAL_RGB)


# --- measured text -----------------------------------------------------------------------


@dataclass
class Lines:
    """Text already broken into lines for one width and one font."""

    lines: list[str]
    size: float = BODY
    bold: bool = False
    colour: tuple[int, int, int] = BLACK
    leading: float = LEADING

    @property
    def height(self) -> float:
        return len(self.lines) * self.leading

    def draw(self, pdf: Report, x: float, y: float) -> None:
        """Each line with its top at y + n * leading, its baseline where cell() puts it."""
        pdf.style(self.size, self.bold, self.colour)
        baseline = y + 0.5 * self.leading + 0.3 * pdf.font_size
        for n, line in enumerate(self.lines):
            pdf.text(x, baseline + n * self.leading, line)  # far cheaper than cell()


@dataclass
class Bullets:
    items: list[Lines]
    gap: float = 0.7

    @property
    def height(self) -> float:
        return sum(i.height for i in self.items) + self.gap * max(len(self.items) - 1, 0)

    def draw(self, pdf: Report, x: float, y: float) -> None:
        for item in self.items:
            Lines(["\u2022"], item.size, colour=item.colour, leading=item.leading).draw(pdf, x, y)
            item.draw(pdf, x + BULLET_INDENT, y)
            y += item.height + self.gap


@dataclass
class Piece:
    """A slice of the page that is drawn whole: its height and how to draw it at y."""

    height: float
    draw: Callable[[float], None]


def png_size(png: bytes) -> tuple[int, int]:
    """(width, height) in pixels, read from a PNG's header."""
    return struct.unpack(">II", png[16:24])


class Report(FPDF):
    """FPDF with the report's fonts, footer and typesetting helpers."""

    def __init__(self, footer_left: str):
        super().__init__(orientation="P", unit="mm", format="A4")
        for style, file in FONT_FILES.items():
            self.add_font(FONT, style, FONT_DIR / file)
        cmaps = [set(self.fonts[f"{FONT.lower()}{style}"].cmap) for style in FONT_FILES]
        self.glyphs = set.intersection(*cmaps)
        self.set_margins(MARGIN_X, MARGIN_TOP, MARGIN_X)
        self.set_auto_page_break(True, margin=MARGIN_BOTTOM)
        self.c_margin = 0  # text starts exactly at x, in line with the rules
        self.footer_left = self.plain(footer_left)
        self.style()

    # images

    def centred_png(self, png: bytes, width: float, room: float, alt_text: str) -> float:
        """Draw a PNG `width` mm wide (narrower if it would be taller than `room` mm, so
        it never runs into the footer), centred in the text width at the current line;
        moves below it and returns its height."""
        png_w, png_h = png_size(png)
        w, h = width, width * png_h / png_w
        if h > room:
            h = room
            w = h * png_w / png_h
        y = self.get_y()
        self.image(
            io.BytesIO(png), x=self.l_margin + (WIDTH - w) / 2, y=y, w=w, h=h, alt_text=alt_text
        )
        self.set_y(y + h)
        return h

    # text

    def plain(self, text: object) -> str:
        """Text as it will be printed: whitespace runs collapsed to one space, and any
        character the font cannot show (control characters included) replaced by '?'."""
        collapsed = " ".join(str(text).split())
        return "".join(ch if ord(ch) in self.glyphs else "?" for ch in collapsed)

    def style(self, size: float = BODY, bold: bool = False, colour=BLACK) -> None:
        self.set_font(FONT, "B" if bold else "", size)
        self.set_text_color(*colour)

    def wrap(
        self,
        text: object,
        w: float,
        size: float = BODY,
        bold: bool = False,
        colour=BLACK,
        leading: float | None = None,
    ) -> Lines:
        """Break plain text into lines that fit width w in the given font."""
        self.style(size, bold, colour)
        lines = self.break_lines(self.plain(text), w)
        return Lines(lines, size, bold, colour, leading or size * 0.48)

    def break_lines(self, text: str, w: float) -> list[str]:
        """Greedy word wrap of one-space-separated text in the current font; a word
        wider than the line is cut after a hyphen if it has one, else where it must be.
        Much faster than a dry-run multi_cell."""
        width = self.get_string_width
        space = width(" ")
        lines: list[str] = []
        words: list[str] = []
        used = 0.0
        for word in text.split(" ") if text else []:
            size = width(word)
            while size > w:  # a word longer than a line: fill the line, carry on
                if words:
                    lines.append(" ".join(words))
                    words, used = [], 0.0
                fit = next((n for n in range(len(word), 0, -1) if width(word[:n]) <= w), 1)
                hyphen = max(word.rfind("-", 0, fit), word.rfind("/", 0, fit))
                cut = hyphen + 1 if hyphen > 0 else fit  # after a hyphen when there is one
                lines.append(word[:cut])
                word = word[cut:]
                size = width(word)
            if not word:
                continue
            if words and used + space + size > w + 1e-6:
                lines.append(" ".join(words))
                words, used = [word], size
            else:
                used += (space if words else 0) + size
                words.append(word)
        if words:
            lines.append(" ".join(words))
        return lines

    def bullets(self, items: Sequence[str], w: float) -> Bullets:
        return Bullets([self.wrap(item, w - BULLET_INDENT) for item in items])

    # layout

    @property
    def bottom(self) -> float:
        return self.page_break_trigger

    def flow(self, pieces: Sequence[Piece], keep: int = 1, continued: Piece | None = None):
        """Draw pieces one under the other. The first `keep` pieces stay on one page (the
        whole lot when they are taller than a page is not possible: then only the first);
        a later piece that does not fit starts a new page, under `continued` if given."""
        head = sum(p.height for p in pieces[:keep])
        if head > self.bottom - self.t_margin:
            head = pieces[0].height if pieces else 0
            keep = 1
        if self.get_y() + head > self.bottom and self.get_y() > self.t_margin + 0.1:
            self.add_page()
        for n, piece in enumerate(pieces):
            if n >= keep and self.get_y() + piece.height > self.bottom:
                self.add_page()
                if continued is not None:
                    continued.draw(self.get_y())
                    self.set_y(self.get_y() + continued.height)
            y = self.get_y()
            piece.draw(y)
            self.set_y(y + piece.height)

    def space(self, h: float) -> Piece:
        return Piece(h, lambda y: None)

    def rule(self, y: float, colour=RULE, width: float = 0.2) -> None:
        self.set_draw_color(*colour)
        self.set_line_width(width)
        self.line(self.l_margin, y, self.l_margin + WIDTH, y)

    def heading(self, text: str, size: float = 14, after: float = 3) -> Piece:
        title = self.wrap(text, WIDTH, size, bold=True, leading=size * 0.5)
        return Piece(title.height + after, lambda y: title.draw(self, self.l_margin, y))

    def paragraph(self, lines: Lines, x: float | None = None, after: float = 0) -> Piece:
        x = self.l_margin if x is None else x
        return Piece(lines.height + after, lambda y: lines.draw(self, x, y))

    # marks

    def gauge(self, x: float, y: float, w: float, score: float | None, dot: float = 1.5) -> None:
        """A -100..100 track centred on height y: the balanced zone, the centre line, and
        a bar from 0 to the score ending in a dot."""

        def at(value: float) -> float:
            return x + (value + 100) / 200 * w

        self.set_fill_color(*ZONE)
        self.rect(at(-LEAN), y - 1.4, at(LEAN) - at(-LEAN), 2.8, style="F")
        self.set_draw_color(*TRACK)
        self.set_line_width(0.5)
        self.line(x, y, x + w, y)
        self.set_line_width(0.25)
        self.line(at(0), y - 1.8, at(0), y + 1.8)
        if score is None:
            return
        colour = _side_rgb(score)
        self.set_draw_color(*colour)
        self.set_line_width(0.9)
        self.line(at(0), y, at(score), y)
        self.set_fill_color(*colour)
        self.circle(at(score), y, dot, style="F")

    def poles_gauge(
        self, y: float, left: str, right: str, score: float | None, label_w: float, dot: float
    ) -> None:
        """Pole names at both ends of the text width and the gauge between them. Long
        names are set smaller (both poles alike) and, if one still does not fit, on two
        lines, so a name never runs into the gauge."""
        room = label_w - POLE_GAP
        size = min(self.pole_size(left, room), self.pole_size(right, room))
        for text, colour, x, align in (
            (left, LEFT_RGB, self.l_margin, "L"),
            (right, RIGHT_RGB, self.l_margin + WIDTH - label_w + POLE_GAP, "R"),
        ):
            lines = self.wrap(text, room, size, bold=True, colour=colour, leading=size * 0.42)
            top = y - lines.height / 2
            self.style(size, bold=True, colour=colour)
            for n, line in enumerate(lines.lines):
                self.set_xy(x, top + n * lines.leading)
                self.cell(room, lines.leading, line, align=align)
        self.gauge(self.l_margin + label_w, y, WIDTH - 2 * label_w, score, dot)

    def pole_size(self, text: str, w: float) -> float:
        """The size a pole's name is set in: SMALL when it fits width w on one line, else
        smaller, down to POLE_MIN_SIZE (below which it is wrapped instead)."""
        plain = self.plain(text)
        size = SMALL
        while size > POLE_MIN_SIZE:
            self.style(size, bold=True)
            if self.get_string_width(plain) <= w:
                break
            size -= 0.5
        return size

    def pole_label(self, text: str, w: float, colour=BLACK) -> Lines:
        """A pole's name alone within width w, at pole_size and wrapped if need be."""
        size = self.pole_size(text, w)
        return self.wrap(text, w, size, bold=True, colour=colour, leading=size * 0.42)

    def footer(self) -> None:
        self.set_y(-12)
        self.style(SMALL, colour=MUTED)
        half = WIDTH / 2
        self.cell(half, 4, self.footer_left, align="L")
        self.cell(half, 4, f"Page {self.page_no()} of {{nb}}", align="R")
