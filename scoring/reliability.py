"""Item analysis: how well the items of each axis hang together.

Per axis, on the item contributions (each answer's contribution in [-1, 1], as the
scoring contract gives it: a left-keyed likert item is reversed, a choice item gives its
option's lean), so that every item of an axis points the same way and an item's column
is its contribution:

- Cronbach's alpha on the complete rows (listwise: a row missing any item of the axis
  is left out), with a confidence interval by Feldt's method;
- each item's corrected item-total correlation (the item against the sum of the axis's
  other items) and the alpha of the axis without it;
- how often each answer was given;
- flags on items that hang loosely (r below MIN_ITEM_REST_R) or without which alpha
  rises, and a plain-language verdict against ACCEPTABLE and GOOD.

No figure is given for an axis with fewer than MIN_ROWS complete rows or fewer than
MIN_ITEMS items: the verdict says why instead. The statistics follow pingouin's
`cronbach_alpha` (pingouin serves as the tests' oracle and is not a dependency); the F
quantile the interval needs is computed here, so the module needs numpy and pandas only.
The words of verdicts and flags are content, in analysis_text.yaml beside this module.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import numpy as np
import pandas as pd
import yaml

from questions.bank import Bank, ChoiceItem, LikertItem
from scoring.frame import contribution_matrix
from scoring.profile import answer_key

GOOD = 0.80
"""Alpha from which an axis's consistency is called good."""
ACCEPTABLE = 0.70
"""Alpha from which it is acceptable; below, low."""
MIN_ITEM_REST_R = 0.20
"""An item whose corrected item-total correlation is below this is flagged."""
MIN_ROWS = 10
"""Complete rows an axis needs before any figure is given."""
MIN_ITEMS = 2
"""Items an axis needs for alpha to mean anything."""
CI = 0.95
"""The confidence level of the interval around alpha."""

TEXT_FILE = Path(__file__).with_name("analysis_text.yaml")


# --- the statistics ------------------------------------------------------------------


def complete_rows(data: pd.DataFrame) -> pd.DataFrame:
    """The rows with a value in every column (listwise deletion).

    >>> complete_rows(pd.DataFrame({"x": [1, None, 3], "y": [1, 2, None]}))
         x    y
    0  1.0  1.0
    """
    return data.dropna(axis=0, how="any")


def _checked(data: pd.DataFrame, min_items: int = MIN_ITEMS) -> np.ndarray:
    """The data as a float matrix, once it is known to be usable: a DataFrame of numbers,
    no missing value, at least two rows and `min_items` columns."""
    if not isinstance(data, pd.DataFrame):
        raise TypeError(f"data must be a DataFrame, not {type(data).__name__}")
    not_numeric = [str(c) for c in data.columns if data[c].dtype.kind not in "biuf"]
    if not_numeric:
        raise ValueError(f"every column must be numeric; not: {', '.join(not_numeric)}")
    rows, items = data.shape
    if items < min_items:
        raise ValueError(f"at least {min_items} items are needed, got {items}")
    if rows < 2:
        raise ValueError(f"at least 2 rows are needed, got {rows}")
    if data.isna().to_numpy().any():
        raise ValueError("missing values: take the complete rows first (complete_rows)")
    return data.to_numpy(dtype=float)


def cronbach_alpha(data: pd.DataFrame) -> float:
    """Cronbach's alpha of complete data (rows: respondents, columns: items):

        alpha = k / (k - 1) * (1 - sum of the item variances / variance of the totals)

    with sample variances (ddof=1). NaN when every row has the same total.

    Two items over four rows: x = 1 2 3 4, y = 2 1 4 3. Each item varies by 5/3; the
    totals 3 3 7 7 by 16/3; alpha = 2 * (1 - (10/3) / (16/3)) = 0.75.

    >>> round(cronbach_alpha(pd.DataFrame({"x": [1, 2, 3, 4], "y": [2, 1, 4, 3]})), 12)
    0.75
    """
    values = _checked(data)
    k = values.shape[1]
    item_variances = values.var(axis=0, ddof=1).sum()
    total_variance = values.sum(axis=1).var(ddof=1)
    if total_variance == 0:
        return math.nan
    return float(k / (k - 1) * (1 - item_variances / total_variance))


def feldt_ci(alpha: float, rows: int, items: int, ci: float = CI) -> tuple[float, float]:
    """The confidence interval of alpha by Feldt's method (Feldt, Woodruff and Salih,
    1987), as pingouin gives it: with F(p) the p-quantile of the F distribution on
    n - 1 and (n - 1)(k - 1) degrees of freedom and a = 1 - ci,

        lower = 1 - (1 - alpha) * F(1 - a/2),  upper = 1 - (1 - alpha) * F(a/2)

    n is the number of rows the alpha rests on (the complete ones).

    >>> [round(x, 3) for x in feldt_ci(0.75, rows=4, items=2)]
    [-2.86, 0.984]
    """
    if not 0 < ci < 1:
        raise ValueError(f"ci must be between 0 and 1, got {ci}")
    if rows < 2 or items < 2:
        raise ValueError(f"a CI needs at least 2 rows and 2 items, got {rows} and {items}")
    tail = (1 - ci) / 2
    df1, df2 = rows - 1, (rows - 1) * (items - 1)
    lower = 1 - (1 - alpha) * f_quantile(1 - tail, df1, df2)
    upper = 1 - (1 - alpha) * f_quantile(tail, df1, df2)
    return float(lower), float(upper)


def item_rest_correlations(data: pd.DataFrame) -> pd.Series:
    """Each item's corrected item-total correlation: Pearson's r between the item and the
    sum of the other items (the "rest"), so the item is not correlated with itself.
    NaN for an item, or a rest, that does not vary.

    With two items, each one's rest is the other: r(x, y) = cov / (sd_x sd_y) =
    1 / (5/3) = 0.6.

    >>> item_rest_correlations(pd.DataFrame({"x": [1, 2, 3, 4], "y": [2, 1, 4, 3]})).round(3)
    x    0.6
    y    0.6
    dtype: float64
    """
    values = _checked(data)
    rests = values.sum(axis=1, keepdims=True) - values
    return pd.Series(
        [_pearson(values[:, j], rests[:, j]) for j in range(values.shape[1])],
        index=data.columns,
        dtype=float,
    )


def _pearson(x: np.ndarray, y: np.ndarray) -> float:
    dx, dy = x - x.mean(), y - y.mean()
    spread = math.sqrt((dx @ dx) * (dy @ dy))
    return float(dx @ dy / spread) if spread > 0 else math.nan


def alpha_if_deleted(data: pd.DataFrame) -> pd.Series:
    """The alpha of the other items, item by item; NaN when fewer than two would remain.

    Three items, z running against x and y (a reversed item not turned round): alpha is
    -3.0; without z, x and y give 0.75 (see cronbach_alpha); without y, x and z add up
    to the same total in every row, so there is no figure.

    >>> d = pd.DataFrame({"x": [1, 2, 3, 4], "y": [2, 1, 4, 3], "z": [4, 3, 2, 1]})
    >>> alpha_if_deleted(d).round(3).tolist()
    [-3.0, nan, 0.75]
    """
    _checked(data)
    if data.shape[1] <= MIN_ITEMS:
        return pd.Series(math.nan, index=data.columns, dtype=float)
    return pd.Series(
        [cronbach_alpha(data.drop(columns=column)) for column in data.columns],
        index=data.columns,
        dtype=float,
    )


# --- the F quantile (scipy's f.ppf, without scipy) --------------------------------------

_MAX_FRACTION_TERMS = 100_000
_TINY = 1e-300


def regularized_beta(x: float, a: float, b: float) -> float:
    """I_x(a, b), the regularized incomplete beta function, by its continued fraction
    (modified Lentz; Press et al., Numerical Recipes, 6.4).

    >>> round(regularized_beta(0.5, 2, 2), 12), round(regularized_beta(0.25, 1, 1), 12)
    (0.5, 0.25)
    """
    if x <= 0:
        return 0.0
    if x >= 1:
        return 1.0
    front = math.exp(
        math.lgamma(a + b) - math.lgamma(a) - math.lgamma(b) + a * math.log(x) + b * math.log1p(-x)
    )
    if x < (a + 1) / (a + b + 2):
        return front * _beta_fraction(x, a, b) / a
    return 1 - front * _beta_fraction(1 - x, b, a) / b


def _beta_fraction(x: float, a: float, b: float) -> float:
    c, d = 1.0, 1 - (a + b) * x / (a + 1)
    d = 1 / (d if abs(d) > _TINY else _TINY)
    result = d
    for m in range(1, _MAX_FRACTION_TERMS):
        for numerator in (
            m * (b - m) * x / ((a + 2 * m - 1) * (a + 2 * m)),
            -(a + m) * (a + b + m) * x / ((a + 2 * m) * (a + 2 * m + 1)),
        ):
            d = 1 + numerator * d
            d = 1 / (d if abs(d) > _TINY else _TINY)
            c = 1 + numerator / c
            c = c if abs(c) > _TINY else _TINY
            result *= c * d
        if abs(c * d - 1) < 1e-16:
            break
    return result


def f_quantile(p: float, df1: float, df2: float) -> float:
    """The p-quantile of the F distribution on (df1, df2) degrees of freedom.

    F's distribution function is I_y(df1/2, df2/2) at y = df1 x / (df1 x + df2); y is
    found by bisection to the last bit, then turned back into x.

    >>> round(f_quantile(0.5, 2, 2), 9), round(f_quantile(0.975, 11, 110), 4)
    (1.0, 2.1123)
    """
    if not 0 < p < 1:
        raise ValueError(f"p must be between 0 and 1, got {p}")
    if df1 <= 0 or df2 <= 0:
        raise ValueError(f"degrees of freedom must be positive, got {df1} and {df2}")
    low, high = 0.0, 1.0
    while True:
        middle = (low + high) / 2
        if middle in (low, high):
            break
        if regularized_beta(middle, df1 / 2, df2 / 2) < p:
            low = middle
        else:
            high = middle
    return df2 * middle / (df1 * (1 - middle))


# --- an analysis of a bank's answers ---------------------------------------------------


@dataclass(frozen=True)
class AnswerCount:
    """How often one answer to an item was given."""

    answer: str  # as it is stored: the likert value or the option id
    label: str  # the likert label or the option's text
    contribution: float
    count: int


@dataclass(frozen=True)
class ItemAnalysis:
    item_id: str
    text: str
    type: str  # likert or choice
    r: float  # corrected item-total correlation; NaN when there is no figure
    alpha_if_deleted: float  # NaN when there is no figure
    counts: tuple[AnswerCount, ...]  # from the left pole's answer to the right pole's
    unanswered: int
    flags: tuple[str, ...]

    @property
    def flagged(self) -> bool:
        return bool(self.flags)


@dataclass(frozen=True)
class AxisAnalysis:
    axis_id: str
    title: str
    left: str
    right: str
    rows: int  # every row analysed
    complete: int  # rows answering every item of the axis: what alpha rests on
    items: tuple[ItemAnalysis, ...]
    alpha: float | None  # None: no figure, the verdict says why
    ci: tuple[float, float] | None
    level: str  # good, acceptable, low, too_few_rows, too_few_items, no_spread
    verdict: str

    @property
    def refused(self) -> bool:
        return self.alpha is None


@dataclass(frozen=True)
class Analysis:
    bank_id: str
    form: str | None
    rows: int
    axes: tuple[AxisAnalysis, ...]


def level(alpha: float) -> str:
    """The verdict's level for an alpha: against GOOD and ACCEPTABLE.

    >>> level(0.80), level(0.7999), level(0.70), level(0.6999)
    ('good', 'acceptable', 'acceptable', 'low')
    """
    if alpha >= GOOD:
        return "good"
    if alpha >= ACCEPTABLE:
        return "acceptable"
    return "low"


@cache
def texts() -> dict:
    """The verdict and flag wording (analysis_text.yaml), read once."""
    return yaml.safe_load(TEXT_FILE.read_text(encoding="utf-8"))


def verdict_text(key: str, **values: object) -> str:
    """A verdict's words with its figures filled in.

    >>> verdict_text("too_few_items", items=1, min_items=2)[:44]
    'Not enough items: this axis has 1 answered i'
    """
    return texts()["verdicts"][key].format(**values)


def flag_text(key: str, **values: object) -> str:
    return texts()["flags"][key].format(**values)


def figure(value: float) -> str:
    """A coefficient as the words show it: two decimals, never "-0.00".

    >>> figure(0.8049), figure(-0.25), figure(-0.001)
    ('0.80', '-0.25', '0.00')
    """
    return f"{round(value, 2) + 0.0:.2f}"


def analyse(bank: Bank, answers: pd.DataFrame, form: str | None = None) -> Analysis:
    """The item analysis of every axis of a form, from raw answers.

    `answers` is laid out as for score_frame: one row per respondent, one column per item
    id, a likert value or an option id in each cell, NaN or "" where unanswered; other
    columns are ignored. Raises InvalidCells (scoring.frame) naming every cell that is
    not an answer, as score_frame does.

    >>> from questions.bank import load_bank
    >>> mini = load_bank("tests/banks/mini.yaml")
    >>> few = pd.DataFrame({"a1": [1, 2, 4], "a2": [5, 4, 2]})
    >>> result = analyse(mini, few)
    >>> result.axes[0].level, result.axes[0].alpha
    ('too_few_rows', None)
    """
    items = bank.form_items(form)
    matrix = contribution_matrix(bank, answers, items)
    contributions = pd.DataFrame(matrix, index=answers.index, columns=[i.id for i in items])
    axes = tuple(
        _analyse_axis(
            bank, axis_id, [i for i in items if i.axis == axis_id], answers, contributions
        )
        for axis_id in dict.fromkeys(i.axis for i in items)
    )
    return Analysis(bank.id, form, len(answers), axes)


def _analyse_axis(
    bank: Bank,
    axis_id: str,
    items: Sequence[LikertItem | ChoiceItem],
    answers: pd.DataFrame,
    contributions: pd.DataFrame,
) -> AxisAnalysis:
    axis = bank.axis(axis_id)
    answered = [i for i in items if contributions[i.id].notna().any()]
    data = complete_rows(contributions[[i.id for i in answered]])
    alpha, ci, r, without = None, None, {}, {}
    if len(answered) < MIN_ITEMS:
        key = "too_few_items"
    elif len(data) < MIN_ROWS:
        key = "too_few_rows"
    else:
        value = cronbach_alpha(data)
        key = "no_spread" if math.isnan(value) else level(value)
        if key != "no_spread":
            alpha, ci = value, feldt_ci(value, len(data), len(answered))
            r = item_rest_correlations(data).to_dict()
            without = alpha_if_deleted(data).to_dict()
    shown = {"alpha": None if alpha is None else figure(alpha)}
    if ci is not None:
        shown |= {"low": figure(ci[0]), "high": figure(ci[1])}
    verdict = verdict_text(
        key, rows=len(data), items=len(answered), min_rows=MIN_ROWS, min_items=MIN_ITEMS, **shown
    )
    analysed = tuple(
        _analyse_item(bank, item, answers, item in answered, r, without, alpha) for item in items
    )
    return AxisAnalysis(
        axis.id,
        axis.title,
        axis.left.label,
        axis.right.label,
        len(contributions),
        len(data),
        analysed,
        alpha,
        ci,
        key,
        verdict,
    )


def _analyse_item(
    bank: Bank,
    item: LikertItem | ChoiceItem,
    answers: pd.DataFrame,
    answered: bool,
    r: dict[str, float],
    without: dict[str, float],
    alpha: float | None,
) -> ItemAnalysis:
    counts, unanswered = answer_counts(bank, item, answers)
    item_r = r.get(item.id, math.nan)
    item_without = without.get(item.id, math.nan)
    flags = []
    if not answered:
        flags.append(flag_text("left_out"))
    elif alpha is not None and math.isnan(item_r):
        flags.append(flag_text("no_spread"))
    elif item_r < MIN_ITEM_REST_R:
        flags.append(flag_text("low_r", min_r=f"{MIN_ITEM_REST_R:.2f}".lstrip("0")))
    if alpha is not None and item_without > alpha:
        flags.append(
            flag_text("raises_alpha", alpha=f"{alpha:.3f}", alpha_without=f"{item_without:.3f}")
        )
    return ItemAnalysis(
        item.id, item.text, item.type, item_r, item_without, counts, unanswered, tuple(flags)
    )


def answer_counts(
    bank: Bank, item: LikertItem | ChoiceItem, answers: pd.DataFrame
) -> tuple[tuple[AnswerCount, ...], int]:
    """How often each answer to the item was given, from the answer that leans furthest
    to the left pole to the one furthest to the right, and how many rows left it blank.
    The cells must be valid answers (analyse checks them first).

    >>> from questions.bank import load_bank
    >>> mini = load_bank("tests/banks/mini.yaml")
    >>> counts, blank = answer_counts(mini, mini.item("a1"), pd.DataFrame({"a1": [1, 1, 5, None]}))
    >>> [(c.answer, c.count) for c in counts], blank
    ([('5', 1), ('4', 0), ('3', 0), ('2', 0), ('1', 2)], 1)
    """
    table = item.contributions(bank.likert)
    if item.id in answers.columns:
        given = answers[item.id].map(lambda v: "" if pd.isna(v) else answer_key(v))
    else:
        given = pd.Series("", index=answers.index)
    tally = given.value_counts()
    if isinstance(item, LikertItem):
        labels = dict(zip(map(str, bank.likert.values), bank.likert.labels, strict=True))
    else:
        labels = {option.id: option.text for option in item.options}
    order = sorted(table, key=lambda answer: table[answer])  # stable: ties keep bank order
    counts = tuple(
        AnswerCount(answer, labels[answer], table[answer], int(tally.get(answer, 0)))
        for answer in order
    )
    return counts, int(tally.get("", 0))


REPORT_COLUMNS = [
    "axis",
    "axis_title",
    "alpha",
    "ci_low",
    "ci_high",
    "complete_rows",
    "rows",
    "verdict",
    "item",
    "text",
    "r_item_rest",
    "alpha_if_deleted",
    "answers_left_to_right",
    "unanswered",
    "flags",
]


def report_frame(analysis: Analysis) -> pd.DataFrame:
    """One row per item, its axis's figures repeated: the CSV the CLI writes.
    Coefficients are rounded to three decimals; blank where there is no figure."""
    rows = []
    for axis in analysis.axes:
        low, high = axis.ci if axis.ci else (math.nan, math.nan)
        for item in axis.items:
            rows.append(
                {
                    "axis": axis.axis_id,
                    "axis_title": axis.title,
                    "alpha": math.nan if axis.alpha is None else axis.alpha,
                    "ci_low": low,
                    "ci_high": high,
                    "complete_rows": axis.complete,
                    "rows": axis.rows,
                    "verdict": axis.level,
                    "item": item.item_id,
                    "text": item.text,
                    "r_item_rest": item.r,
                    "alpha_if_deleted": item.alpha_if_deleted,
                    "answers_left_to_right": " ".join(f"{c.answer}:{c.count}" for c in item.counts),
                    "unanswered": item.unanswered,
                    "flags": "; ".join(item.flags),
                }
            )
    frame = pd.DataFrame(rows, columns=REPORT_COLUMNS)
    figures = ["alpha", "ci_low", "ci_high", "r_item_rest", "alpha_if_deleted"]
    frame[figures] = frame[figures].astype(float).round(3)
    return frame
