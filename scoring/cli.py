"""The command line: check banks, score a CSV of responses, analyse its items.

    python -m scoring validate questions/*.yaml
    python -m scoring score --bank questions/core.yaml [--form quick] responses.csv [-o out.csv]
    python -m scoring analyse --bank questions/core.yaml [--form quick] responses.csv [-o rep.csv]

Exit 0 on success, 2 on any error, with the errors on stderr. `score` and `analyse`
read the same CSV, checked the same way, and write nothing when it fails.
"""

from __future__ import annotations

import argparse
import csv
import io
import logging
import math
import os
import sys
import textwrap
from collections import Counter
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TypeVar

import pandas as pd

from questions.bank import Bank, BankError
from questions.catalog import load_catalog
from questions.files import UnreadableFile, read_regular_file
from questions.situations import Situations
from reports.spreadsheet import safe_csv
from scoring.frame import InvalidCells, score_frame
from scoring.reliability import Analysis, AxisAnalysis, analyse, figure, report_frame

ERROR = 2
RESPONDENT = "respondent"
MAX_LISTED = 20  # a form export may carry thousands of columns that are not items


class ResponsesError(ValueError):
    """A responses CSV that cannot be scored."""


T = TypeVar("T")


def main(argv: Sequence[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    # A file that fails unexpectedly is reported as refused, naming it; its traceback
    # (logged for the app's server log) stays out of the command's output.
    logging.getLogger("questions").addHandler(logging.NullHandler())
    return args.run(args)


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m scoring",
        description="Check question banks, score responses and analyse their items.",
    )
    commands = parser.add_subparsers(required=True, metavar="COMMAND")

    check = commands.add_parser("validate", help="check bank (and situations) files")
    check.add_argument("files", nargs="+", type=Path, metavar="FILE")
    check.set_defaults(run=_validate)

    rate = commands.add_parser("score", help="score a CSV of responses")
    rate.add_argument("--bank", required=True, type=Path, help="the bank file")
    rate.add_argument("--form", default=None, help="a named form of the bank (default: full)")
    rate.add_argument("responses", type=Path, help="CSV: a respondent column, one per item")
    rate.add_argument("-o", "--output", type=Path, help="write scores here (default: stdout)")
    rate.set_defaults(run=_score)

    study = commands.add_parser(
        "analyse", help="item analysis of a CSV of responses: alpha, item-rest r, flags"
    )
    study.add_argument("--bank", required=True, type=Path, help="the bank file")
    study.add_argument("--form", default=None, help="a named form of the bank (default: full)")
    study.add_argument("responses", type=Path, help="CSV: a respondent column, one per item")
    study.add_argument(
        "-o", "--output", type=Path, help="also write the per-item report here as CSV"
    )
    study.set_defaults(run=_analyse)
    return parser


def _validate(args: argparse.Namespace) -> int:
    catalog = load_catalog(args.files)
    for path, entry in catalog.entries.items():
        if isinstance(entry, Bank):
            print(
                f"ok: {path} (bank {entry.id!r}: {len(entry.axes)} axes, {len(entry.items)} items)"
            )
        elif isinstance(entry, Situations):
            print(f"ok: {path} ({len(entry.situations)} situations for {entry.bank!r})")
        else:
            print(entry, file=sys.stderr)
    return ERROR if catalog.errors else 0


def _score(args: argparse.Namespace) -> int:
    scores = _computed(args, "scores", score_frame)
    if scores is None:
        return ERROR
    if not _write_output(args.output, safe_csv(scores, index=True)):
        return ERROR
    if args.output is not None:
        print(f"wrote {len(scores)} respondents to {args.output}", file=sys.stderr)
    return 0


def _analyse(args: argparse.Namespace) -> int:
    analysis = _computed(args, "item analysis", analyse)
    if analysis is None:
        return ERROR
    if args.output is not None:
        if not _write_output(args.output, safe_csv(report_frame(analysis))):
            return ERROR
        items = sum(len(axis.items) for axis in analysis.axes)
        print(f"wrote {items} items to {args.output}", file=sys.stderr)
    sys.stdout.write(analysis_table(analysis))
    return 0


def _computed(args: argparse.Namespace, what: str, compute: Callable[..., T]) -> T | None:
    """compute(bank, responses, form=...) on the checked bank and responses, or None after
    saying on stderr what is wrong (nothing is written then)."""
    try:
        bank, responses = _bank_and_responses(args, what)
        return compute(bank, responses, form=args.form)
    except (BankError, ResponsesError) as error:
        print(f"error: {error}", file=sys.stderr)
    except InvalidCells as error:
        print(
            f"error: {args.responses.name}: invalid answers, nothing written\n{error}",
            file=sys.stderr,
        )
    return None


def _bank_and_responses(args: argparse.Namespace, what: str) -> tuple[Bank, pd.DataFrame]:
    """The bank and the responses CSV of `score` and `analyse`, checked: the item columns
    as a frame indexed by respondent, a warning on stderr naming the other columns.
    Raises BankError or ResponsesError; `what` names what would be written over the input.
    """
    _refuse_overwriting_the_input(args.responses, args.output, what)
    bank = load_catalog([args.bank]).bank_at(args.bank)
    if args.form is not None and args.form not in bank.form_names:
        raise ResponsesError(
            f"bank {bank.id!r} has no form {args.form!r}; forms: {', '.join(bank.form_names)}"
        )
    responses = read_responses(args.responses)
    frame, warnings = item_frame(responses, bank, args.form, args.responses.name, what)
    for warning in warnings:
        print(f"warning: {warning}", file=sys.stderr)
    return bank, frame


def item_frame(
    responses: Responses, bank: Bank, form: str | None, name: str, what: str = "scores"
) -> tuple[pd.DataFrame, list[str]]:
    """The item columns of checked responses as a frame indexed by respondent, and the
    warnings to give (columns that are not item ids). Raises ResponsesError when no
    column is an item of the form: there would be nothing to score or analyse.

    >>> from questions.bank import load_bank
    >>> mini = load_bank("tests/banks/mini.yaml")
    >>> responses = Responses(["A1", "when"], {"ann": ["4", "x"]})
    >>> frame, warnings = item_frame(responses, mini, None, "f")
    >>> frame.to_dict("index"), warnings
    ({'ann': {'a1': '4'}}, ["ignoring 1 column that is not an item id of bank 'mini': when"])
    """
    matched = item_columns(responses.columns, bank)
    extra = [c for c in responses.columns if c not in matched]
    warnings = []
    if extra:
        warnings.append(
            f"ignoring {_not_item_ids(len(extra))} of bank {bank.id!r}: "
            + _listed(list(map(_column_name, extra)))
        )
    if not {item.id for item in bank.form_items(form)} & set(matched.values()):
        raise ResponsesError(
            f"{name}: no column is an item of bank {bank.id!r}"
            f"{'' if form in (None, 'full') else f' form {form!r}'}, "
            f"so there is nothing to {'score' if what == 'scores' else 'analyse'}"
        )
    return responses.frame(matched), warnings


def _write_output(output: Path | None, text: str) -> bool:
    """Write text to the output file (stdout when there is none); False after saying
    why it could not be written."""
    if output is None:
        sys.stdout.write(text)
        return True
    try:
        _write_whole(output, text)
    except OSError as exc:
        print(f"error: cannot write {output} ({exc.strerror})", file=sys.stderr)
        return False
    return True


def _refuse_overwriting_the_input(responses: Path, output: Path | None, what: str) -> None:
    """-o naming the responses file (by any path) would replace the answers."""
    if output is not None and _same_file(responses, output):
        raise ResponsesError(f"{output}: is the responses file; write the {what} to another file")


def _same_file(a: Path, b: Path) -> bool:
    try:
        return os.path.samefile(a, b)
    except OSError:
        return a.resolve() == b.resolve()


def header_key(column: object) -> str:
    """A column header as it is matched to item ids: trimmed and case-insensitive, the
    way cells are trimmed.

    >>> header_key(" A1 "), header_key("Respondent")
    ('a1', 'respondent')
    """
    return str(column).strip().casefold()


def item_columns(columns: Sequence[str], bank: Bank) -> dict[str, str]:
    """The columns that hold items of the bank: column header -> item id.

    >>> from questions.bank import load_bank
    >>> mini = load_bank("tests/banks/mini.yaml")
    >>> item_columns(["A1 ", "b2", "Timestamp"], mini)
    {'A1 ': 'a1', 'b2': 'b2'}
    """
    ids = {header_key(item.id): item.id for item in bank.items}
    return {column: ids[header_key(column)] for column in columns if header_key(column) in ids}


def _column_name(column: str) -> str:
    """A header as a warning shows it: as it is, or escaped when it holds characters
    that are invisible or look like others.

    >>> _column_name("Email Address"), _column_name("a1\\u200b"), _column_name("")
    ('Email Address', "'a1\\\\u200b'", "''")
    """
    return column if column.isascii() and column.isprintable() and column else ascii(column)


def _listed(names: list[str], most: int = MAX_LISTED) -> str:
    """Names joined by commas, the first `most` of them when there are more.

    >>> _listed(["a", "b"]), _listed(["a", "b", "c", "d"], most=2)
    ('a, b', 'a, b and 2 more')
    """
    more = f" and {len(names) - most} more" if len(names) > most else ""
    return ", ".join(names[:most]) + more


def _not_item_ids(n: int) -> str:
    """'1 column that is not an item id', '2 columns that are not item ids'."""
    return f"{n} column that is not an item id" if n == 1 else f"{n} columns that are not item ids"


def _write_whole(path: Path, text: str) -> None:
    """Write through a temporary file beside path, so that a failure midway (a full disk)
    leaves any earlier file whole rather than cut short."""
    partial = path.with_name(f".{path.name}.partial")
    try:
        partial.write_text(text, encoding="utf-8")
        os.replace(partial, path)
    finally:
        partial.unlink(missing_ok=True)


@dataclass(frozen=True)
class Responses:
    """A checked responses CSV: its headers besides `respondent`, and each respondent's
    cells in that order (every cell as its text)."""

    columns: list[str]
    rows: dict[str, list[str]]

    def frame(self, columns: Mapping[str, str]) -> pd.DataFrame:
        """Only the given columns (header -> name in the frame), indexed by respondent.

        Built column by column from the chosen ones, so a file with 100,000 columns
        costs no more than its items.

        >>> Responses(["x", "A1 "], {"ann": ["?", "4"]}).frame({"A1 ": "a1"}).to_dict("index")
        {'ann': {'a1': '4'}}
        """
        position = {column: at for at, column in enumerate(self.columns)}
        cells = {
            name: [row[position[header]] for row in self.rows.values()]
            for header, name in columns.items()
        }
        index = pd.Index(list(self.rows), name=RESPONDENT, dtype=object)
        return pd.DataFrame(cells, index=index, columns=list(columns.values()), dtype=object)


def read_responses(path: Path) -> Responses:
    """Read and check a responses CSV.

    Raises ResponsesError naming the file and what is wrong with it.
    """
    name = path.name
    try:
        raw = read_regular_file(path)
    except UnreadableFile as exc:
        raise ResponsesError(f"{name}: {exc}") from None
    return parse_responses(name, raw)


def parse_responses(name: str, raw: bytes) -> Responses:
    """Check the bytes of a responses CSV (read from a file, or uploaded in the app).

    Raises ResponsesError naming `name` and what is wrong with it.

    >>> parse_responses("x.csv", b"respondent,a1\\nann,4\\n").rows
    {'ann': ['4']}
    """
    try:
        text = raw.decode("utf-8-sig")  # spreadsheets often write a byte-order mark
    except UnicodeDecodeError as exc:
        raise ResponsesError(
            f"{name}: not UTF-8 text (byte {exc.start}); save the CSV as UTF-8"
        ) from None
    if not text.strip():
        raise ResponsesError(f"{name}: the file is empty")
    (_, header), *lines = csv_rows(name, text)
    counts = Counter(map(header_key, header))
    repeated = [c for c in header if counts[header_key(c)] > 1]
    if repeated:
        also = "" if repeated[0] == repeated[1] else f" (also as {repeated[1]!r})"
        raise ResponsesError(f"{name}: column {repeated[0]!r} appears more than once{also}")
    at = next((i for i, c in enumerate(header) if header_key(c) == RESPONDENT), None)
    if at is None:
        separator = next((f" {s!r}" for s in ";\t" if len(header) == 1 and s in header[0]), "")
        hint = f"; the file looks separated by{separator}: save it with commas" if separator else ""
        raise ResponsesError(f"{name}: no 'respondent' column (columns: {', '.join(header)}){hint}")
    rows: dict[str, list[str]] = {}
    for line, cells in lines:
        if len(cells) > len(header):
            raise ResponsesError(
                f"{name}: row {line} has {len(cells)} cells, more than the "
                f"{len(header)} columns of the header"
            )
        cells += [""] * (len(header) - len(cells))  # trailing empty cells left out
        respondent = cells.pop(at)
        if not respondent.strip():
            raise ResponsesError(f"{name}: row {line} has an empty respondent")
        if respondent in rows:
            raise ResponsesError(f"{name}: respondent {respondent!r} appears more than once")
        rows[respondent] = cells
    return Responses(header[:at] + header[at + 1 :], rows)


def csv_rows(name: str, text: str) -> list[tuple[int, list[str]]]:
    """(line number, cells) of every row with something in it (a spreadsheet may end
    with rows of bare commas); the header is the first.

    >>> csv_rows("x.csv", 'respondent,a1\\n\\nann, 2\\n,\\n"bob\\n",3\\n')
    [(1, ['respondent', 'a1']), (3, ['ann', '2']), (6, ['bob\\n', '3'])]
    """
    reader = csv.reader(io.StringIO(text), skipinitialspace=True, strict=True)
    try:
        return [(reader.line_num, cells) for cells in reader if any(c.strip() for c in cells)]
    except csv.Error as exc:
        raise ResponsesError(
            f"{name}: not a readable CSV (line {reader.line_num}: {exc})"
        ) from None


# The item analysis as text

TEXT_WIDTH = 88
ITEM_TEXT_CHARS = 44


def analysis_table(analysis: Analysis) -> str:
    """The item analysis as a readable table: per axis its alpha, interval and verdict,
    then one line per item (flags on the line below)."""
    form = analysis.form or "full"
    lines = [
        f"Item analysis of bank {analysis.bank_id!r}, {form} form: {analysis.rows} rows",
        "(r: corrected item-total correlation; a-del: alpha if the item is deleted; answers:",
        " how many gave each answer, from the one nearest the left pole to the right pole)",
        "",
    ]
    for axis in analysis.axes:
        lines += [*_axis_lines(axis), ""]
    return "\n".join(lines)


def _axis_lines(axis: AxisAnalysis) -> list[str]:
    head = f"{axis.title} [{axis.axis_id}]"
    if axis.alpha is not None:
        low, high = axis.ci
        head += (
            f": alpha {figure(axis.alpha)} (95% CI {figure(low)} to {figure(high)}), "
            f"{axis.complete} complete rows of {axis.rows}"
        )
    lines = [
        head,
        *textwrap.wrap(axis.verdict, TEXT_WIDTH, initial_indent="  ", subsequent_indent="  "),
    ]
    poles = f"answers {axis.left} > {axis.right}"
    width = max(28, len(poles) + 1)
    lines.append(f"  {'item':<10} {'r':>6} {'a-del':>6}  {poles:<{width}} text")
    for item in axis.items:
        counts = " ".join(str(c.count) for c in item.counts)
        if item.unanswered:
            counts += f" ({item.unanswered} blank)"
        r, without = _coefficient(item.r), _coefficient(item.alpha_if_deleted)
        lines.append(
            f"  {item.item_id:<10} {r:>6} {without:>6}  {counts:<{width}} {_cut(item.text)}"
        )
        lines += [f"  {'':<10} ! {flag}" for flag in item.flags]
    return lines


def _cut(text: str, limit: int = ITEM_TEXT_CHARS) -> str:
    """An item's text on one line of at most `limit` characters.

    >>> _cut("One two three four", limit=10)
    'One two...'
    """
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 3].rstrip() + "..."


def _coefficient(value: float) -> str:
    return "-" if math.isnan(value) else figure(value)
