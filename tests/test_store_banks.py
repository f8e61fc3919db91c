"""Custom banks in the store, on SQLite always and on PostgreSQL when TEST_DATABASE_URL
names a server: one row per bank id and version, every version kept, an owner key for
new versions, a cheap stamp that changes with every upload."""

from __future__ import annotations

import threading

import pytest
from sqlalchemy import select

from store import BankRefused, Conflict, InvalidText, InvalidValue, Store, StoredBank
from store.schema import CustomBankRow
from store.tokens import hash_secret, looks_like_token

TEXT = "id: team\ntitle: Team\nversion: {v}\n# ...\n"


def save(store: Store, version: int, key: str | None = None, bank_id: str = "team"):
    return store.save_bank(
        TEXT.format(v=version), bank_id, version, f"Team v{version}", owner_key=key
    )


def test_the_first_version_makes_an_owner_key_kept_only_as_a_hash(store):
    record, key = save(store, 1)

    assert isinstance(record, StoredBank)
    assert (record.bank_id, record.version, record.title) == ("team", 1, "Team v1")
    assert record.uploaded_at.tzinfo is not None and record.size == len(TEXT.format(v=1))
    assert looks_like_token(key)
    with store.engine.connect() as connection:
        (stored_hash,) = connection.execute(select(CustomBankRow.owner_key_hash)).one()
    assert stored_hash == hash_secret(key) and key not in stored_hash
    assert store.bank_owner_key_matches("team", key)
    assert not store.bank_owner_key_matches("team", key[:-1] + ("A" if key[-1] != "A" else "B"))
    assert not store.bank_owner_key_matches("team", "not a key")
    assert not store.bank_owner_key_matches("other", key)


def test_a_new_version_needs_the_owner_key_and_keeps_the_old_ones(store):
    _, key = save(store, 1)

    with pytest.raises(BankRefused, match="owner key"):
        save(store, 2)
    with pytest.raises(BankRefused, match="owner key"):
        save(store, 2, key="x" * 32)
    record, again = save(store, 2, key=key)

    assert (record.version, again) == (2, None), "the key stays the first one"
    assert store.bank_source("team", 1) == TEXT.format(v=1)
    assert store.bank_source("team", 2) == TEXT.format(v=2)
    assert store.bank_source("team", 3) is None
    assert store.bank_source("nobody", 1) is None
    assert store.newest_bank_sources() == {"team": (2, TEXT.format(v=2))}
    assert [(b.bank_id, b.version) for b in store.stored_banks()] == [("team", 2), ("team", 1)]


def test_a_version_must_be_above_every_stored_one(store):
    _, key = save(store, 3)
    for version in (3, 2):
        with pytest.raises(BankRefused, match="raise the bank's version to 4 or more"):
            save(store, version, key=key)
    save(store, 10, key=key)
    assert store.newest_bank_sources()["team"][0] == 10


def test_banks_of_different_ids_are_independent(store):
    _, key_a = save(store, 1, bank_id="a")
    _, key_b = save(store, 5, bank_id="b")
    assert key_a != key_b
    with pytest.raises(BankRefused):
        save(store, 2, key=key_b, bank_id="a")
    save(store, 2, key=key_a, bank_id="a")
    assert {k: v for k, (v, _) in store.newest_bank_sources().items()} == {"a": 2, "b": 5}
    assert [b.bank_id for b in store.stored_banks()] == ["a", "a", "b"]


def test_the_stamp_changes_with_every_upload(store):
    assert store.banks_stamp() == (0, None)
    record, key = save(store, 1)
    first = store.banks_stamp()
    assert first == (1, record.uploaded_at)
    save(store, 2, key=key)
    assert store.banks_stamp()[0] == 2 and store.banks_stamp() != first


def test_refused_values_store_nothing(store):
    with pytest.raises(InvalidText):
        store.save_bank("id: x\x00", "x", 1, "X")
    with pytest.raises(InvalidText):
        store.save_bank("id: x", "x", 1, "X", uploaded_by="a\x00b")
    with pytest.raises(InvalidValue, match="at most"):
        store.save_bank("id: x", "x", 2**40, "X")
    assert store.banks_stamp() == (0, None)


def test_two_first_uploads_of_one_id_racing_store_one(store, monkeypatch):
    """Both read "no version yet" before either writes (PostgreSQL); the unique position
    makes the second a Conflict, so one id never gets two owner keys. On SQLite writers
    take turns (BEGIN IMMEDIATE): the second sees the first and needs its owner key."""
    results: list[object] = []
    if store.engine.dialect.name == "postgresql":
        barrier = threading.Barrier(2)
        original = store._run

        def run_with_a_pause_before_writing(work, *, write=False):
            def paused(session):
                add = session.add

                def add_after_both_read(row):
                    barrier.wait(timeout=10)
                    add(row)

                session.add = add_after_both_read
                return work(session)

            return original(paused, write=write)

        monkeypatch.setattr(store, "_run", run_with_a_pause_before_writing)

    def upload(version: int) -> None:
        try:
            results.append(save(store, version))
        except Exception as exc:
            results.append(exc)

    threads = [threading.Thread(target=upload, args=(v,)) for v in (1, 2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    monkeypatch.undo()

    errors = [r for r in results if isinstance(r, Exception)]
    assert len(results) == 2 and len(errors) == 1, results
    expected = Conflict if store.engine.dialect.name == "postgresql" else BankRefused
    assert isinstance(errors[0], expected), errors
    assert store.banks_stamp()[0] == 1
