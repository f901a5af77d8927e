"""Whether an answer is in the language of the document it goes into: which answers autofill
offers as they are, converts (into the tender's script) or marks for translation,
and which answers the compliance check holds back until they are translated.

A document is a Simplified or Traditional Chinese tender or an English questionnaire; an answer
is in the other language when it is mostly that language and has enough of it (codes, figures
and names such as SM4, 99.9 % or Kubernetes 1.24 are neither language)."""

from __future__ import annotations

from collections.abc import Iterable

from workbench.core.knowledge.language import (
    document_script,
    english_words,
    for_readers_of,
    han_characters,
    language_family,
    to_simplified,
    to_traditional,
)

CHECKED_CHARS = 2000  # of an answer (bounded time)
# how much of the other language makes an answer that language's: Chinese characters in an
# English document, English words in a Chinese one
OTHER_HAN, OTHER_WORDS = 4, 3


def in_other_language(text: str, document_language: str) -> bool:
    """Whether ``text`` is written in the other language than a document in ``document_language``
    (zh-Hans, zh-Hant, zh or en; "" when not known: never)."""
    text = text[:CHECKED_CHARS]
    if not document_language or not text.strip():
        return False
    found = language_family(text)
    if document_language.startswith("zh"):
        return found == "en" and english_words(text) >= OTHER_WORDS
    return found == "zh" and han_characters(text) >= OTHER_HAN


def language_fit(source_language: str, tender_language: str, answer: str) -> str:
    """'ok', 'convert' (Traditional into a Simplified tender, Simplified into a Traditional one) or
    'foreign' (to be translated) for a source filed as ``source_language`` whose answer is (or
    starts with) ``answer``: an item filed as mixed, an English title over a Chinese body, is
    foreign to an English questionnaire."""
    if in_other_language(answer, tender_language):
        return "foreign"
    if not tender_language.startswith("zh"):
        return "ok" if source_language in ("en", "mixed") else "foreign"
    if source_language == "en":
        return "foreign"
    script = document_script(tender_language)
    if script == "zh-Hans" and (
        source_language == "zh-Hant" or (source_language == "mixed" and to_simplified(answer) != answer)
    ):
        return "convert"
    if script == "zh-Hant" and (
        source_language == "zh-Hans" or (source_language == "mixed" and to_traditional(answer) != answer)
    ):
        return "convert"
    return "ok"


def converted(answer: str, tender_language: str) -> str:
    """An answer ``language_fit`` says to convert, in the tender's script: a Taiwan answer in a
    Simplified tender in the mainland's words too (伺服器 → 服务器), a Simplified answer in a
    Taiwan tender (zh-TW: ``readers``) in Taiwan's words too (数据 → 資料), in a Hong Kong tender
    (zh-HK) in Hong Kong's character forms (裏, 着, 説; its words as written: Hong Kong says 數據
    and 軟件 as the mainland does), in another Traditional tender (one that does not say where it
    is from) in Traditional characters only."""
    return for_readers_of(tender_language, answer)


# What only a Taiwan tender says (its money, its laws, its procurement words, its cities), and
# what only a Hong Kong one does
_TAIWAN = ("臺灣", "台灣", "新臺幣", "新台幣", "政府採購法", "標案", "招標機關", "資通安全管理法", "個人資料保護法",
           "營業稅", "統一發票", "中華民國", "臺北市", "台北市", "新北市", "桃園市", "臺中市", "台中市", "臺南市",
           "台南市", "高雄市")
_HONG_KONG = ("香港", "港元", "港幣", "特別行政區", "私隱", "九龍", "新界", "澳門")
READ_FOR_REGION = 20_000  # characters of the tender's text looked at


def readers(tender_language: str, texts: Iterable[str]) -> str:
    """Who reads a tender's answers: zh-TW for a Traditional tender that is evidently Taiwan's
    (it names Taiwan's money, laws, procurement words or cities, and nothing of Hong Kong's), so
    that a Simplified answer goes in in Taiwan's words (``converted``); zh-HK for one that is
    evidently Hong Kong's (the other way round), so that it goes in in Hong Kong's character
    forms; else its language as it is (a tender that does not say, or names both, gets
    Traditional characters only)."""
    if document_script(tender_language) != "zh-Hant":
        return tender_language
    seen, size = [], 0
    for text in texts:
        seen.append(text)
        size += len(text)
        if size >= READ_FOR_REGION:
            break
    read = "\n".join(seen)[:READ_FOR_REGION]
    taiwan, hong_kong = (any(word in read for word in words) for words in (_TAIWAN, _HONG_KONG))
    if taiwan != hong_kong:
        return "zh-TW" if taiwan else "zh-HK"
    return tender_language


# Whom a Traditional tender's answers may be set to be written for, when the guess is wrong: Taiwan
# (its words: 資料, 軟體), Hong Kong (its character forms: 裏, 着) or Traditional characters only
READERS_OF_TRADITIONAL = ("zh-TW", "zh-HK", "zh-Hant")


def may_set_readers(tender_language: str) -> bool:
    """Whether a tender's readers may be set: a Traditional one's (whose answers go out in
    Taiwan's, Hong Kong's or plain Traditional forms); a Simplified tender's and an English
    questionnaire's readers are its language."""
    return document_script(tender_language) == "zh-Hant"


def row_language(requirement: str, document_language: str) -> str:
    """The language a row's answer is expected in ("zh" or "en"): its requirement's ("" for a
    bilingual one, 中英文对照: either will do), the document's when the requirement has no words
    of either."""
    text = requirement[:CHECKED_CHARS]
    if not han_characters(text) and not english_words(text):
        return document_language
    found = language_family(text)
    return "" if found == "mixed" else found
