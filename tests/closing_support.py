"""The closing race both a workshop and a campaign must win: people answer as fast as
they can while the room or campaign is closed; once the close has returned, not one of
their answers is stored or changed."""

from __future__ import annotations

import threading
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from datetime import datetime

from sqlalchemy import select

from store import Store
from store.schema import AnswerRow


def answers_of(store: Store, sheet_ids: Sequence[str]) -> set[tuple]:
    """Every stored answer of the sheets: (sheet, item, value, time given)."""
    with store.engine.connect() as connection:
        return {
            tuple(row)
            for row in connection.execute(
                select(
                    AnswerRow.sheet_id, AnswerRow.item_id, AnswerRow.value, AnswerRow.answered_at
                ).where(AnswerRow.sheet_id.in_(sheet_ids))
            )
        }


def close_while_answering(
    store: Store,
    sheet_ids: Sequence[str],
    items: int,
    close: Callable[[], datetime],
    refusal: type[Exception],
) -> int:
    """Run `close` (returning the closing time) once the sheets' people have given 2
    answers each on average, while they go on answering; checks the cut (nothing stored
    or changed after it) and returns how many people it stopped part-way."""
    people = len(sheet_ids)
    go = threading.Barrier(people + 1)
    answering = threading.Event()
    saved: list[str] = []

    def answer_until_closed(sheet_id: str) -> bool:
        """Answer every item; True when the close stopped this person part-way."""
        go.wait(timeout=60)
        for n in range(items):
            try:
                store.save_answer(sheet_id, f"item{n:02d}", str(n % 5 + 1))
            except refusal:
                return True
            saved.append(sheet_id)
            if len(saved) >= 2 * people:
                answering.set()
        return False

    with ThreadPoolExecutor(max_workers=people) as pool:
        writers = [pool.submit(answer_until_closed, sheet_id) for sheet_id in sheet_ids]
        go.wait(timeout=60)
        answering.wait(timeout=60)
        closed_at = close()
        at_close = answers_of(store, sheet_ids)
        cut_short = sum(writer.result(timeout=120) for writer in writers)

    after = answers_of(store, sheet_ids)
    assert at_close, "people had answered before the close"
    assert after == at_close, "answers were stored or changed after the close"
    assert max(answered_at for *_, answered_at in after) <= closed_at
    return cut_short
