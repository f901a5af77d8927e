"""Vectors shared through the database (team mode): a laptop fetches what another encoded and
encodes only what nobody has; an item changed since, another encoder, or a damaged row is
encoded again. Runs on SQLite and PostgreSQL (the sharing is the same code on both; the app turns
it on for PostgreSQL, the database a team shares)."""

from __future__ import annotations

import dataclasses
from pathlib import Path

from sqlalchemy import select, update

from tests.core.test_meaning import ITEMS, RenamedEncoder, _with_items
from workbench.core.db.engine import Database
from workbench.core.meaning.encoder import Encoder, default_encoder
from workbench.core.meaning.shared import ItemVector
from workbench.core.meaning.vectors import VectorKeeper
from workbench.core.workspace import Workspace


def _laptop(ws: Workspace, folder: Path, encoder: Encoder | None = None) -> VectorKeeper:
    """Another laptop of the team: its own vector files, the same database."""
    return VectorKeeper(folder, ws.db, encoder or default_encoder(), share=True)


def _shared_rows(db: Database) -> dict[tuple[int, str], tuple[str, int]]:
    with db.read() as session:
        return {(i, e): (k, p) for i, e, k, p in session.execute(
            select(ItemVector.item_id, ItemVector.encoder, ItemVector.content_key, ItemVector.passages))}


def test_a_second_laptop_fetches_instead_of_encoding(ws: Workspace, tmp_path: Path) -> None:
    _with_items(ws)
    first = _laptop(ws, tmp_path / "a")
    assert first.sync() == 3 and first.fetched == 0
    assert len(_shared_rows(ws.db)) == 3
    second = _laptop(ws, tmp_path / "b")
    assert second.sync() == 0  # nothing encoded...
    assert second.fetched == 3 and second.last_fetched == 3  # ...all of it fetched
    assert second.nearest("Can it be installed in our own data centre?", 1)[0][0] == "faq-onprem"
    assert second.sync() == 0 and second.last_fetched == 0  # and only once


def test_a_changed_item_is_encoded_once_and_fetched_by_the_others(ws: Workspace, tmp_path: Path) -> None:
    _with_items(ws)
    first, second = _laptop(ws, tmp_path / "a"), _laptop(ws, tmp_path / "b")
    first.sync()
    second.sync()
    item = ws.knowledge.get("faq-refund")
    ws.knowledge.update(ws.actor(), "faq-refund",
                        dataclasses.replace(ITEMS[1], title="发票怎么开？", body="在订单页面申请增值税专用发票。"),
                        item.version)
    assert second.sync() == 1 and second.last_fetched == 0  # the shared row was of the old version
    assert first.sync() == 0 and first.last_fetched == 1  # the new one, from the second laptop
    assert first.nearest("How do I get a VAT invoice?", 1)[0][0] == "faq-refund"
    assert len(_shared_rows(ws.db)) == 3  # one row per item and encoder, replaced


def test_another_encoders_vectors_are_not_used(ws: Workspace, tmp_path: Path) -> None:
    _with_items(ws)
    _laptop(ws, tmp_path / "a").sync()
    renamed = _laptop(ws, tmp_path / "b", RenamedEncoder())
    assert renamed.sync() == 3 and renamed.fetched == 0
    assert {e for _i, e in _shared_rows(ws.db)} == {default_encoder().name, "usem3-next"}


def test_a_damaged_shared_row_is_encoded_again(ws: Workspace, tmp_path: Path) -> None:
    _with_items(ws)
    _laptop(ws, tmp_path / "a").sync()
    with ws.db.write() as session:
        session.execute(update(ItemVector).values(vectors=b"\x00" * 10))  # not passages x dim
    second = _laptop(ws, tmp_path / "b")
    assert second.sync() == 3 and second.fetched == 0
    assert second.nearest("Can it be installed in our own data centre?", 1)[0][0] == "faq-onprem"


def test_the_workspace_shares_on_a_team_server_only(ws: Workspace) -> None:
    _with_items(ws)
    ws.meaning.sync()
    assert ws.meaning.vectors.share == ws.db.is_postgresql
    assert len(_shared_rows(ws.db)) == (3 if ws.db.is_postgresql else 0)
