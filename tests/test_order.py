"""The order items are shown in: stable per seed, shuffled across seeds, axes spread out."""

from __future__ import annotations

from itertools import pairwise

import pytest
from conftest import CORE_BANK

from questions.bank import load_bank
from questions.order import PAGE_SIZE, item_order, pages

SEEDS = range(400)


def neighbours_on_one_axis(bank, order: list[str]) -> list[tuple[str, str]]:
    axis = {i.id: i.axis for i in bank.items}
    return [(a, b) for a, b in pairwise(order) if axis[a] == axis[b]]


@pytest.mark.parametrize("form", ["full", "quick"])
def test_the_same_seed_gives_the_same_order_even_after_reloading(core, form):
    # A resumed sheet reloads the bank and must show the items as before.
    assert item_order(core, form, 1234) == item_order(load_bank(CORE_BANK), form, 1234)


def test_different_seeds_give_different_orders(core):
    orders = {tuple(item_order(core, None, seed)) for seed in range(30)}
    assert len(orders) == 30


def test_the_order_is_not_just_bank_order(core):
    assert item_order(core, None, 0) != [i.id for i in core.items]


@pytest.mark.parametrize("form", ["full", "quick"])
def test_the_order_is_a_permutation_of_the_forms_items(core, form):
    expected = sorted(i.id for i in core.form_items(form))
    for seed in range(20):
        order = item_order(core, form, seed)
        assert sorted(order) == expected
        assert len(set(order)) == len(order)


@pytest.mark.parametrize("form", ["full", "quick"])
def test_no_two_neighbours_share_an_axis_in_the_core_bank(core, form):
    for seed in SEEDS:
        order = item_order(core, form, seed)
        assert neighbours_on_one_axis(core, order) == [], (form, seed)


@pytest.mark.parametrize("form", ["full", "quick"])
def test_no_two_neighbours_share_an_axis_in_the_mini_bank(mini, form):
    # alpha has 4 items, beta 3: only alpha, beta, alpha, ... keeps them apart.
    for seed in range(50):
        order = item_order(mini, form, seed)
        assert neighbours_on_one_axis(mini, order) == [], (form, seed)
    assert [mini.item(i).axis for i in item_order(mini, None, 5)] == ["alpha", "beta"] * 3 + [
        "alpha"
    ]


def test_the_core_full_form_fills_twelve_pages_of_six(core):
    order = item_order(core, None, 3)
    split = pages(order)
    assert PAGE_SIZE == 6
    assert [len(p) for p in split] == [6] * (len(order) // 6) + (
        [len(order) % 6] if len(order) % 6 else []
    )
    assert [item for page in split for item in page] == order


@pytest.mark.parametrize(
    ("n", "size", "sizes"),
    [
        (0, 6, []),
        (1, 6, [1]),
        (6, 6, [6]),
        (7, 6, [6, 1]),
        (24, 6, [6, 6, 6, 6]),
        (5, 2, [2, 2, 1]),
    ],
)
def test_page_sizes(n, size, sizes):
    order = [f"i{k}" for k in range(n)]
    split = pages(order, size=size)
    assert [len(p) for p in split] == sizes
    assert [item for page in split for item in page] == order


def test_a_page_size_below_one_is_refused():
    with pytest.raises(ValueError, match="at least 1"):
        pages(["a"], size=0)
