"""The command line: check banks, score a CSV of responses.

    python -m scoring validate questions/*.yaml
    python -m scoring score --bank questions/core.yaml [--form quick] responses.csv [-o out.csv]

Exit 0 on success, 2 on any error, with the errors on stderr. `score` writes nothing
when it fails.
"""

from __future__ import annotations

import argparse
import csv
import io
import os
import sys
from collections.abc import Sequence
from pathlib import Path

import pandas as pd

from questions.bank import BankError, load_bank, read_yaml
from questions.situations import SituationsError, is_situations_file, load_situations
from reports.spreadsheet import safe_csv
from scoring.frame import InvalidCells, score_frame

ERROR = 2


class ResponsesError(ValueError):
    """A responses CSV that cannot be scored."""


def main(argv: Sequence[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    return args.run(args)


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m scoring",
        description="Check question banks and score responses.",
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
    return parser


def _validate(args: argparse.Namespace) -> int:
    banks, failed = {}, False
    situation_files = []
    for path in args.files:
        try:
            _, data = read_yaml(path)
            if is_situations_file(data):
                situation_files.append(path)
                continue
            bank = load_bank(path)
        except BankError as error:
            print(error, file=sys.stderr)
            failed = True
            continue
        banks[bank.id] = bank
        print(f"ok: {path} (bank {bank.id!r}: {len(bank.axes)} axes, {len(bank.items)} items)")
    for path in situation_files:
        try:
            situations = load_situations(path, banks)
        except SituationsError as error:
            print(error, file=sys.stderr)
            failed = True
            continue
        print(f"ok: {path} ({len(situations.situations)} situations for {situations.bank!r})")
    return ERROR if failed else 0


def _score(args: argparse.Namespace) -> int:
    try:
        bank = load_bank(args.bank)
        if args.form is not None and args.form not in bank.form_names:
            raise ResponsesError(
                f"bank {bank.id!r} has no form {args.form!r}; forms: {', '.join(bank.form_names)}"
            )
        responses = read_responses(args.responses)
        item_ids = {item.id for item in bank.items}
        extra = [c for c in responses.columns if c not in item_ids]
        if extra:
            print(
                f"warning: ignoring {_not_item_ids(len(extra))} of bank {bank.id!r}: "
                f"{', '.join(map(str, extra))}",
                file=sys.stderr,
            )
        scores = score_frame(bank, responses.drop(columns=extra), form=args.form)
    except (BankError, ResponsesError) as error:
        print(f"error: {error}", file=sys.stderr)
        return ERROR
    except InvalidCells as error:
        print(
            f"error: {args.responses.name}: invalid answers, nothing written\n{error}",
            file=sys.stderr,
        )
        return ERROR

    text = safe_csv(scores, index=True)
    if args.output is None:
        sys.stdout.write(text)
    else:
        try:
            _write_whole(args.output, text)
        except OSError as exc:
            print(f"error: cannot write {args.output} ({exc.strerror})", file=sys.stderr)
            return ERROR
        print(f"wrote {len(scores)} respondents to {args.output}", file=sys.stderr)
    return 0


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


def read_responses(path: Path) -> pd.DataFrame:
    """A responses CSV as a frame indexed by respondent; every cell kept as its text.

    Raises ResponsesError naming the file and what is wrong with it.
    """
    name = path.name
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise ResponsesError(f"{name}: cannot read the file ({exc.strerror})") from None
    try:
        text = raw.decode("utf-8-sig")  # spreadsheets often write a byte-order mark
    except UnicodeDecodeError as exc:
        raise ResponsesError(
            f"{name}: not UTF-8 text (byte {exc.start}); save the CSV as UTF-8"
        ) from None
    if not text.strip():
        raise ResponsesError(f"{name}: the file is empty")
    header = next(csv.reader(io.StringIO(text)), [])
    repeated = sorted({c for c in header if header.count(c) > 1})
    if repeated:
        raise ResponsesError(f"{name}: column {repeated[0]!r} appears more than once")
    try:
        frame = pd.read_csv(
            io.StringIO(text), dtype=str, keep_default_na=False, skipinitialspace=True
        )
    except (pd.errors.ParserError, ValueError) as exc:
        raise ResponsesError(f"{name}: not a readable CSV ({exc})") from None
    if "respondent" not in frame.columns:
        raise ResponsesError(
            f"{name}: no 'respondent' column (columns: {', '.join(frame.columns)})"
        )
    blank = frame.index[frame["respondent"].str.strip() == ""]
    if len(blank):
        raise ResponsesError(f"{name}: row {blank[0] + 2} has an empty respondent")
    duplicated = frame["respondent"][frame["respondent"].duplicated()].unique()
    if len(duplicated):
        raise ResponsesError(f"{name}: respondent {duplicated[0]!r} appears more than once")
    return frame.set_index("respondent")
