""""Similar to a requirement" reads the search's synonym groups, as the search box does: a text
finds an item that says the same thing in a word of the same group ("implementation timeline"
for 实施周期, "data migration" for 数据迁移), shows the text's own word as what they share, and a group
counts once however many of its words an item holds."""

from __future__ import annotations

from workbench.core.knowledge.model import ItemDraft, Kind
from workbench.core.search.query import SearchRequest, Synonyms
from workbench.core.workspace import Workspace

ITEMS = [
    ("faq-crm-timeline", "CRM 项目多久能用起来？", "标准 CRM 项目实施周期为 8 到 12 周，分三个阶段交付。"),
    ("faq-report-export", "报表能导出吗？", "支持把报表导出为 Excel 和 PDF，按角色控制导出权限。"),
    ("faq-migration-risk", "数据迁移风险怎么控制？", "数据迁移前做全量校验，风险清单逐项确认，双轨运行一个月。"),
    ("faq-migration-tools-en", "Data migration tooling",
     "Data migration runs with our migration toolkit: a migration plan, a dry run and a cut-over weekend."),
]


def _library(ws: Workspace) -> None:
    for slug, title, body in ITEMS:
        ws.knowledge.create(ws.actor(), ItemDraft(kind=Kind.FAQ, slug=slug, title=title, body=body))
    ws.index.sync()


def _by_words(ws: Workspace, text: str) -> dict[str, tuple[int, tuple[str, ...]]]:
    hits = ws.search.similar(text=text, limit=10)
    return {h.id: (place, h.matched) for place, h in enumerate(hits) if "words" in h.found_by}


def test_a_word_the_library_lacks_finds_its_synonym(ws: Workspace) -> None:
    _library(ws)
    text = "What is the implementation timeline?"  # the FAQ says 实施周期: one group, no word shared
    found = _by_words(ws, text)
    assert "faq-crm-timeline" in found, found
    assert found["faq-crm-timeline"][1] == ("implement", "timelin")  # the text's own words (as terms)
    result = ws.search.similar_to(text)
    hit = next(h for h in result.hits if h.id == "faq-crm-timeline")
    assert hit.matched == ("implementation", "timeline")  # as the requirement writes them
    ws.search.synonyms = Synonyms([])
    assert "faq-crm-timeline" not in _by_words(ws, text)  # the synonyms found it, nothing else


def test_a_group_counts_once_and_crosses_languages(ws: Workspace) -> None:
    _library(ws)
    found = _by_words(ws, "数据迁移风险")
    # the English item holds "data migration" and "migration", both standing for 数据迁移: it is
    # found, but below the item that has 数据迁移 and 风险, however often it says "migration"
    assert found["faq-migration-risk"][0] == 0, found
    assert found["faq-migration-tools-en"][0] > 0
    assert found["faq-migration-tools-en"][1] == ("数据迁移",)
    assert "faq-report-export" not in found
    ws.search.synonyms = Synonyms([])
    assert "faq-migration-tools-en" not in _by_words(ws, "数据迁移风险")


def test_a_synonym_the_library_never_writes_is_not_corrected(ws: Workspace) -> None:
    """A word of a group the query names is a known word: "Active Directory" finds the answer
    that says LDAP, and "did you mean" does not offer "Active director" (a word of another item)."""
    ws.knowledge.create(ws.actor(), ItemDraft(kind=Kind.FAQ, slug="faq-sso-ldap", title="SSO and LDAP",
                                              body="Users sign in through LDAP bind or a scheduled sync."))
    ws.knowledge.create(ws.actor(), ItemDraft(kind=Kind.FAQ, slug="faq-director", title="Programme director",
                                              body="A programme director is named for every project."))
    ws.index.sync()
    ws.search.synonyms = Synonyms([["Active Directory", "LDAP"]])
    results = ws.search.search(SearchRequest(text="Active Directory"))
    assert [h.id for h in results.hits] == ["faq-sso-ldap"]
    assert results.suggestion is None
    # a word outside the groups is still corrected
    assert ws.search.search(SearchRequest(text="Active Directory scheduld")).suggestion == "Active Directory scheduled"
    ws.search.synonyms = Synonyms([])
    ws.search.forget()  # answers are kept until the index changes
    without = ws.search.search(SearchRequest(text="Active Directory"))
    assert without.suggestion == "Active director" and "faq-sso-ldap" not in [h.id for h in without.hits]
