"""Vectors shared through the team's database: one row per item and encoder holding the float16
rows of the item's passages and the key of the version they were made from (``item_vectors``,
migration 0012). A laptop's sync first fetches the rows it lacks whose key is the item's current
one, and encodes only the rest, publishing what it encoded for the others; a first start on a
team library of 50k items is then a download of ~100 MB instead of a quarter of an hour of
encoding. The rows are derived data: a row whose key, encoder or size does not fit is ignored
(encoded again), and failing to publish loses nothing but the others' time."""

from __future__ import annotations

import logging
from collections.abc import Iterable, Iterator

import numpy as np
from sqlalchemy import ForeignKey, Integer, LargeBinary, String, delete, select, text
from sqlalchemy.orm import Mapped, mapped_column

from workbench.core.db.engine import Database
from workbench.core.db.models import Base, KnowledgeItem
from workbench.core.meaning.encoder import Vectors
from workbench.core.meaning.passages import MAX_PASSAGES

log = logging.getLogger(__name__)

CHUNK = 500  # items per query (an IN list of this many slugs)


class ItemVector(Base):
    __tablename__ = "item_vectors"

    item_id: Mapped[int] = mapped_column(Integer, ForeignKey("knowledge_items.id", ondelete="CASCADE"),
                                         primary_key=True)
    encoder: Mapped[str] = mapped_column(String(80), primary_key=True)
    content_key: Mapped[str] = mapped_column(String(64))  # vectors.item_key of the version encoded
    version: Mapped[int] = mapped_column(Integer)  # the item's version then (for people reading it)
    dim: Mapped[int] = mapped_column(Integer)
    passages: Mapped[int] = mapped_column(Integer)
    vectors: Mapped[bytes] = mapped_column(LargeBinary)  # passages x dim float16, row after row


def item_key(content_hash: str, version: int) -> str:
    """What identifies the version vectors were made from: its content hash (a save that changes
    nothing a person wrote keeps them)."""
    return content_hash or f"v{version}"


def _chunks(items: list[str]) -> Iterable[list[str]]:
    for at in range(0, len(items), CHUNK):
        yield items[at : at + CHUNK]


def fetch(db: Database, encoder: str, dim: int, wanted: dict[str, str]) -> Iterator[dict[str, tuple[str, np.ndarray]]]:
    """The shared vectors of the items ``wanted`` (slug -> current key) made by ``encoder`` from
    that very version, ``CHUNK`` items at a time: slug -> (key, float16 rows)."""
    for chunk in _chunks(list(wanted)):
        with db.read() as session:
            rows = session.execute(
                select(KnowledgeItem.slug, ItemVector.content_key, ItemVector.dim, ItemVector.passages,
                       ItemVector.vectors)
                .join(ItemVector, ItemVector.item_id == KnowledgeItem.id)
                .where(KnowledgeItem.slug.in_(chunk), ItemVector.encoder == encoder)).all()
        out: dict[str, tuple[str, np.ndarray]] = {}
        for slug, key, row_dim, count, data in rows:
            if (key != wanted[slug] or row_dim != dim or not 1 <= count <= MAX_PASSAGES
                    or len(data) != count * dim * 2):
                continue
            out[slug] = (key, np.frombuffer(data, dtype=np.float16).reshape(count, dim))
        yield out


def publish(db: Database, encoder: str, encoded: dict[str, tuple[str, Vectors]]) -> int:
    """Share vectors just encoded (slug -> (key, rows)); an item changed since (its key is no
    longer the one encoded) is left out. Returns how many items were shared."""
    shared = 0
    for chunk in _chunks(list(encoded)):
        with db.write() as session:
            items = session.execute(
                select(KnowledgeItem.id, KnowledgeItem.slug, KnowledgeItem.content_hash, KnowledgeItem.version)
                .where(KnowledgeItem.slug.in_(chunk))).all()
            fresh = [(item_id, slug, version) for item_id, slug, content_hash, version in items
                     if item_key(content_hash, version) == encoded[slug][0]]
            if not fresh:
                continue
            if db.is_postgresql:
                # a team server: through its checked function (migration 0013), which viewers may
                # call too; it refuses vectors whose key is not the item's current text's
                session.execute(text(
                    "SELECT workbench_publish_vectors(:item, :encoder, :key, :dim, :passages, :vectors)"),
                    [_published(item_id, encoder, *encoded[slug]) for item_id, slug, _v in fresh])
                shared += len(fresh)
                continue
            session.execute(delete(ItemVector).where(ItemVector.encoder == encoder,
                                                     ItemVector.item_id.in_([i for i, _s, _v in fresh])))
            for item_id, slug, version in fresh:
                key, rows = encoded[slug]
                data = np.ascontiguousarray(rows, dtype=np.float16)
                session.add(ItemVector(item_id=item_id, encoder=encoder, content_key=key, version=version,
                                       dim=data.shape[1], passages=data.shape[0], vectors=data.tobytes()))
            shared += len(fresh)
    return shared


def _published(item_id: int, encoder: str, key: str, rows: Vectors) -> dict[str, object]:
    data = np.ascontiguousarray(rows, dtype=np.float16)
    return {"item": item_id, "encoder": encoder, "key": key, "dim": data.shape[1], "passages": data.shape[0],
            "vectors": data.tobytes()}
