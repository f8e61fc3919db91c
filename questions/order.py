"""The order a respondent meets the items in, and how they are split into pages.

The order is shuffled so that an axis's items are spread out (answering six items on
one theme in a row invites answering them all the same way), and it is stable: the
same seed always gives the same order, so a resumed sheet looks as it did.
"""

from __future__ import annotations

import random
from collections.abc import Sequence

from questions.bank import Bank

PAGE_SIZE = 6


def item_order(bank: Bank, form: str | None, seed: int) -> list[str]:
    """Item ids of the form in a shuffled order where no two neighbours share an axis
    whenever the form allows it.

    Greedy: shuffle, then repeatedly take the first remaining item whose axis differs
    from the previous one, preferring the axis with most items left so that no axis is
    stranded at the end.

    >>> from questions.bank import load_bank
    >>> bank = load_bank("questions/core.yaml")
    >>> item_order(bank, "quick", 7) == item_order(bank, "quick", 7)
    True
    """
    rng = random.Random(seed)
    items = list(bank.form_items(form))
    rng.shuffle(items)
    ordered: list[str] = []
    previous_axis = None
    while items:
        left_per_axis: dict[str, int] = {}
        for item in items:
            left_per_axis[item.axis] = left_per_axis.get(item.axis, 0) + 1
        candidates = [i for i in items if i.axis != previous_axis] or items
        pick = max(candidates, key=lambda i: left_per_axis[i.axis])
        items.remove(pick)
        ordered.append(pick.id)
        previous_axis = pick.axis
    return ordered


def pages(order: Sequence[str], size: int = PAGE_SIZE) -> list[list[str]]:
    """Split an item order into pages of `size` items; the last page may be shorter.

    >>> pages(["a", "b", "c", "d", "e"], size=2)
    [['a', 'b'], ['c', 'd'], ['e']]
    """
    if size < 1:
        raise ValueError(f"page size must be at least 1, got {size}")
    return [list(order[start : start + size]) for start in range(0, len(order), size)]
