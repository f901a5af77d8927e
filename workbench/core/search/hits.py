"""What a search hands back: plain values (no whoosh objects leave the search package)."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from workbench.core.search import shown
from workbench.core.search.snippets import Folded, Marker, html_marks, plain_marks


@dataclass(frozen=True)
class SearchHit:
    id: str
    kind: str
    title: str
    score: float
    snippet: str  # plain text, matches in **double stars**
    snippet_html: str  # HTML-escaped, matches in <b>
    title_html: str
    industry: str = ""
    product: str = ""
    tags: tuple[str, ...] = ()
    matched: tuple[str, ...] = ()
    # which leg found it: "words" (the keyword ranking) and/or "meaning" (core/meaning's vectors)
    found_by: tuple[str, ...] = ("words",)
    # "similar to" a text: the share (0..1) of the weight of the text's key words that this item
    # has (related.py); 1.0 for a search's hits
    share: float = 1.0
    # its best passage's cosine with the text, where matching by meaning judged it (core/meaning:
    # a hit of the vector leg, and every hit of "similar to" a text once the library has vectors);
    # None: not judged
    meaning: float | None = None

    @property
    def by_meaning_only(self) -> bool:
        """Found by meaning alone: it shares no words with the query ("similar in meaning")."""
        return self.found_by == ("meaning",)

    def to_json(self) -> dict[str, object]:
        return {"id": self.id, "kind": self.kind, "title": self.title, "score": round(self.score, 3),
                "snippet": self.snippet, "found_by": list(self.found_by)}


def hit_from_fields(
    fields: Mapping[str, Any], score: float, terms: Iterable[str], matched: tuple[str, ...] = (),
    folded: tuple[Folded, Folded] | None = None,
) -> SearchHit:
    """``folded``: the title's and the body's first pieces folded already (shown.py)."""
    return _hit(fields, score, Marker(terms), matched, folded)


def _hit(
    fields: Mapping[str, Any], score: float, marker: Marker, matched: tuple[str, ...] = (),
    folded: tuple[Folded, Folded] | None = None, whole_body: Callable[[], str] | None = None,
) -> SearchHit:
    """``whole_body``: ``fields["body"]`` is only the body's start, and this gives it whole."""
    title_folded, body_folded = folded if folded is not None else (None, None)
    title = fields.get("title", "")
    snippet = marker.snippet(fields.get("body", ""), folded=body_folded, whole=whole_body)
    tags = fields.get("tags", "")
    return SearchHit(
        id=fields["id"],
        kind=fields.get("kind", ""),
        title=title,
        score=score,
        snippet=plain_marks(snippet),
        snippet_html=html_marks(snippet),
        title_html=html_marks(marker.title(title, folded=title_folded)),
        industry=fields.get("industry", ""),
        product=fields.get("product", ""),
        tags=tuple(t for t in tags.split(",") if t) if tags else (),
        matched=matched,
    )


def page_hits(searcher: Any, page: Sequence[tuple[int, float]], terms: Iterable[str]) -> list[SearchHit]:
    """The hits of a page of (global document, score), in order: each from its segment's hit
    records (shown.py) where they are built, else from whoosh's stored fields."""
    marker = Marker(terms)  # the terms made ready once for the page, not twice a hit
    records = shown.read(searcher, [doc for doc, _score in page])
    hits = []
    for (doc, score), found in zip(page, records, strict=True):
        if found is None:
            hits.append(_hit(searcher.stored_fields(doc), score, marker))
            continue
        whole = (lambda doc=doc: str(searcher.stored_fields(doc).get("body", ""))) if found.cut else None
        hits.append(_hit(found.fields, score, marker, folded=(found.title, found.body), whole_body=whole))
    return hits
