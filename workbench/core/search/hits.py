"""What a search hands back: plain values (no whoosh objects leave the search package)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from workbench.core.search import shown
from workbench.core.search.snippets import Folded, highlight_terms, marked_snippet, marked_title, render


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
    terms = list(terms)
    title_folded, body_folded = folded if folded is not None else (None, None)
    snippet, snippet_html = render(marked_snippet(fields.get("body", ""), terms, markdown=False, folded=body_folded))
    _plain_title, title_html = render(marked_title(fields.get("title", ""), terms, folded=title_folded))
    return SearchHit(
        id=fields["id"],
        kind=fields.get("kind", ""),
        title=fields.get("title", ""),
        score=score,
        snippet=snippet,
        snippet_html=snippet_html,
        title_html=title_html,
        industry=fields.get("industry", ""),
        product=fields.get("product", ""),
        tags=tuple(t for t in fields.get("tags", "").split(",") if t),
        matched=matched,
    )


def page_hits(searcher: Any, page: Sequence[tuple[int, float]], terms: Iterable[str]) -> list[SearchHit]:
    """The hits of a page of (global document, score), in order: each from its segment's hit
    records (shown.py) where they are built, else from whoosh's stored fields."""
    terms = list(highlight_terms(terms))  # once for the page, not twice a hit (the same terms come back)
    records = shown.read(searcher, [doc for doc, _score in page])
    return [
        hit_from_fields(searcher.stored_fields(doc), score, terms) if found is None
        else hit_from_fields(found.fields, score, terms, folded=(found.title, found.body))
        for (doc, score), found in zip(page, records, strict=True)
    ]
