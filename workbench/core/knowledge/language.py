"""Which language a text is written in: zh-Hans, zh-Hant, en, or mixed."""

from __future__ import annotations

import re
from functools import lru_cache

import opencc

_HAN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
_LATIN_WORD = re.compile(r"[A-Za-z]+")

_CLOUDS = re.compile(r"([私公]有)云")
# A Chinese character carries roughly as much as half an English word; below this share of
# the other script a text counts as one language.
_MINORITY = 0.2


@lru_cache(maxsize=8)  # t2s, s2t, tw2sp and the four spellings of tags.py (s2tw among them)
def _converter(config: str) -> opencc.OpenCC:
    return opencc.OpenCC(config)


def _script(han_text: str) -> str:
    """zh-Hant when more characters change under Traditional->Simplified than the reverse."""
    to_simple = _converter("t2s").convert(han_text)
    to_trad = _converter("s2t").convert(han_text)
    traditional = sum(a != b for a, b in zip(han_text, to_simple, strict=False))
    simplified = sum(a != b for a, b in zip(han_text, to_trad, strict=False))
    return "zh-Hant" if traditional > simplified else "zh-Hans"


def english_words(text: str) -> int:
    """Words of English prose in ``text``. Acronyms and codes (CRM, SSO, SM4) appear in Chinese
    prose too: only words with lower-case letters count."""
    return sum(1 for w in _LATIN_WORD.findall(text) if sum(c.islower() for c in w) >= 2)


def han_characters(text: str) -> int:
    return len(_HAN.findall(text))


def _family(han: int, words: int) -> str:
    """'zh', 'en' or 'mixed' for a text of ``han`` Chinese characters and ``words`` English words."""
    zh_weight = han / 2
    total = zh_weight + words
    if total == 0 or zh_weight / total < _MINORITY:
        return "en"
    return "zh" if words / total < _MINORITY else "mixed"


def language_family(text: str) -> str:
    """'zh', 'en' or 'mixed': what ``detect_language`` says, without telling Simplified from
    Traditional (which takes two OpenCC conversions of the text)."""
    return _family(han_characters(text), english_words(text))


def detect_language(text: str) -> str:
    han = "".join(_HAN.findall(text))
    family = _family(len(han), english_words(text))
    return _script(han) if family == "zh" else family


def document_script(language: str) -> str:
    """zh-Hans, zh-Hant or en: the script a document tagged ``language`` is written in (zh-Hant,
    zh-TW and zh-HK are Traditional, any other Chinese tag Simplified, anything else English)."""
    if not language.startswith("zh"):
        return "en"
    return "zh-Hant" if "Hant" in language or language.endswith(("TW", "HK")) else "zh-Hans"


def to_simplified(text: str) -> str:
    return str(_converter("t2s").convert(text))


def to_traditional(text: str) -> str:
    """Simplified characters as Traditional, in the forms Taiwan's standard writes them (OpenCC's
    s2tw: 為, 床, 裡, 著, 審核; its s2t gives OpenCC's own forms 爲, 牀, 裏, 着, 審覈, which read as
    old-fashioned or wrong in Taiwan, and which Hong Kong readers do not need either). The
    characters only: the words stay as written (Taiwan and Hong Kong say some things differently).
    私有云 and 公有云 come out as 私有雲 and 公有雲: OpenCC reads their 有云 as "it is said" and
    leaves the 云 (a presales text means the cloud). A milestone stays 里程碑 after a word ending
    in 里: OpenCC reads 说明里程碑 as 说明里 (in the description) + 程碑, giving 說明裡程碑."""
    converted = str(_converter("s2tw").convert(text))
    if "有云" in converted:
        converted = _CLOUDS.sub(lambda m: m.group(1) + "雲", converted)
    return converted.replace("裡程碑", "里程碑")


def for_simplified_readers(text: str) -> str:
    """Traditional Chinese rewritten for a Simplified document (a proposal, a tender's answer):
    the characters and Taiwan's words as the mainland writes them (伺服器 → 服务器, 資料量 → 数据量,
    軟體 → 软件: OpenCC's tw2sp). Character by character (``to_simplified``) a Taiwan answer kept
    伺服器 and 资料量, which read as foreign to a mainland customer. Only for text being written
    into a document: comparing and detecting stay character by character."""
    return str(_converter("tw2sp").convert(text))
