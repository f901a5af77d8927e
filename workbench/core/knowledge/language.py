"""Which language a text is written in: zh-Hans, zh-Hant, en, or mixed."""

from __future__ import annotations

import re
from functools import lru_cache

import opencc

_HAN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
_LATIN_WORD = re.compile(r"[A-Za-z]+")

_CLOUDS = re.compile(r"([私公]有)云")
# Hong Kong's own forms of a few characters (衞生署, 保衞, 敍述, 衹有, 枱, 粧, 糭) that neither
# OpenCC's Traditional -> Simplified table nor its Taiwan one knows: an answer written in Hong Kong
# kept its 衞 in a Simplified proposal, and 卫生 or 衛生 did not find it. OpenCC's standard forms of
# them (what its hk2t gives) convert. One character each, so offsets into the text stay.
_HONG_KONG_FORMS = str.maketrans({"衞": "衛", "敍": "敘", "衹": "只", "枱": "檯", "粧": "妝", "糭": "糉", "潀": "潨"})
_HONG_KONG_ONLY = re.compile("[衞敍衹枱粧糭潀]")
# A Chinese character carries roughly as much as half an English word; below this share of
# the other script a text counts as one language.
_MINORITY = 0.2


@lru_cache(maxsize=13)  # t2s, s2t, tw2sp, s2twp, s2hkp, tw2t, t2hk, hk2t, t2tw and the four spellings of
# tags.py (s2tw among them)
def _converter(config: str) -> opencc.OpenCC:
    return opencc.OpenCC(config)


def standard_forms(text: str) -> str:
    """``text`` with Hong Kong's own forms of the characters OpenCC's Traditional tables do not
    know (衞, 敍, 衹, ...) in OpenCC's standard forms, which they do; the same length."""
    return text.translate(_HONG_KONG_FORMS) if _HONG_KONG_ONLY.search(text) else text


def _script(han_text: str) -> str:
    """zh-Hant when more characters change under Traditional->Simplified than the reverse."""
    han_text = standard_forms(han_text)
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
    return str(_converter("t2s").convert(standard_forms(text)))


def to_traditional(text: str) -> str:
    """Simplified characters as Traditional, in the forms Taiwan's standard writes them (OpenCC's
    s2tw: 為, 床, 裡, 著, 審核; its s2t gives OpenCC's own forms 爲, 牀, 裏, 着, 審覈, which read as
    old-fashioned or wrong in Taiwan; Hong Kong's own are ``for_hong_kong_readers``). The
    characters only: the words stay as written (Taiwan and Hong Kong say some things differently).
    私有云 and 公有云 come out as 私有雲 and 公有雲: OpenCC reads their 有云 as "it is said" and
    leaves the 云 (a presales text means the cloud). A milestone stays 里程碑 after a word ending
    in 里: OpenCC reads 说明里程碑 as 说明里 (in the description) + 程碑, giving 說明裡程碑."""
    return _mended(str(_converter("s2tw").convert(text)))


def _mended(converted: str) -> str:
    """What OpenCC's Traditional conversions get wrong in a presales text, put right."""
    if "有云" in converted:
        converted = _CLOUDS.sub(lambda m: m.group(1) + "雲", converted)
    return converted.replace("裡程碑", "里程碑").replace("裏程碑", "里程碑")


# Words OpenCC's Taiwan phrases (s2twp, drawn from a software vocabulary) turn into another
# meaning in a presales text; they keep their word, in Traditional characters: 文件 (a document:
# 招標文件) is not 檔案 (a computer file), 设备 (equipment: 關鍵設備) not 裝置, 权限 not 許可權,
# 扩展 not 擴充套件, 参数 not 引數, 类型 not 型別, 审核 not 稽核, 发布 not 釋出, 对象 (服務對象)
# not 物件, 程序 (審批程序) not 程式, 窗口 (服務窗口) not 視窗, 社区 (a neighbourhood) not 社群,
# 调度 (a dispatch centre) not 排程, 映射 not 對映, 镜像 not 映象, 分区 not 分割槽.
_TAIWAN_KEEPS = ("文件", "设备", "权限", "扩展", "参数", "类型", "审核", "发布", "对象", "程序", "窗口", "社区",
                 "调度", "映射", "镜像", "分区")
# the same words in Traditional characters, as a Taiwan writer has them (a text with both scripts,
# or Taiwan's own text again): kept as written, so that Taiwan text rewritten for Taiwan is itself
# (s2twp alone turned 設備 into 裝置 and 參數 into 引數 in 48 of the demo library's 133 texts)
_TAIWAN_KEEPS_TRADITIONAL = ("設備", "權限", "擴展", "參數", "類型", "審核", "發佈", "發布", "對象", "社區", "調度",
                             "鏡像", "分區")
_KEPT_WORDS = _TAIWAN_KEEPS + _TAIWAN_KEEPS_TRADITIONAL
_KEPT = re.compile("|".join(_KEPT_WORDS))
_MARKS = {word: chr(0xE000 + n) for n, word in enumerate(_KEPT_WORDS)}  # private use: OpenCC leaves them
_MARKED = re.compile(f"[{chr(0xE000)}-{chr(0xE000 + len(_KEPT_WORDS) - 1)}]")
# Taiwan's words s2twp does not have: quality is 品質 there (質量 is mass), and the mobile end or
# app is 行動 (移動 is moving; 中國移動, a company's name, is left alone)
_TAIWAN_WORDS = (("質量", "品質"), ("移動端", "行動端"), ("移動應用", "行動應用"), ("移動辦公", "行動辦公"))
# 通过 meaning "by means of" is 透過 in Taiwan; 通過 there is passing (通過驗收, 通過率). Only
# before what can be nothing but a means (an interface, a channel, a protocol: s2twp's words for
# them) is it the one: "通過 + noun" in general may be either (通過標準, 通過評估).
_BY_MEANS = re.compile(r"通過(?=\s?(?:API|SDK|介面|簡訊|電子郵件|郵件|信箱|企業微信|微信|釘釘|飛書|手機|電話|App|APP|"
                       r"小程式|網頁|瀏覽器|掃碼|掃描|QR|二維碼|專線|VPN|單點登入|SSO|LDAP|OAuth|SAML|REST|Webhook|"
                       r"HTTP|訊息佇列|Kafka|MQTT))")


def for_taiwan_readers(text: str) -> str:
    """Simplified Chinese rewritten for a Taiwan document (a zh-TW template): Traditional
    characters and Taiwan's words where they mean the same (数据 → 資料, 服务器 → 伺服器, 软件 →
    軟體, 项目经理 → 專案經理, 支持 → 支援: OpenCC's s2twp), except the words in
    ``_TAIWAN_KEEPS``, whose Taiwan counterpart there means something else. A Hong Kong reader
    says many things as the mainland does: a document for Hong Kong, or one that does not say
    where it goes (zh-Hant), gets the characters only (``to_traditional``)."""
    if _MARKED.search(text):  # private-use characters of its own: no marks
        return to_traditional(text)
    marked = _KEPT.sub(lambda m: _MARKS[m.group()], text)
    kept = {mark: word for word, mark in _MARKS.items()}
    converted = _MARKED.sub(lambda m: to_traditional(kept[m.group()]) if kept[m.group()] in _TAIWAN_KEEPS
                            else kept[m.group()], str(_converter("s2twp").convert(marked)))
    for mainland, taiwan in _TAIWAN_WORDS:
        converted = converted.replace(mainland, taiwan)
    return _mended(_BY_MEANS.sub("透過", converted))


def for_hong_kong_readers(text: str) -> str:
    """Simplified Chinese rewritten for a Hong Kong document (a zh-HK template or tender):
    Traditional characters in the forms Hong Kong's standard writes them (裏, 着, 説, 衞, 温, 户,
    啓, where Taiwan writes 裡, 著, 說, 衛, 溫, 戶, 啟), the words as written — Hong Kong says 數據,
    軟件 and 項目 as the mainland does, not Taiwan's 資料, 軟體 and 專案 — but for the few of its own
    OpenCC's s2hkp knows (服务器 → 伺服器, 操作系统 → 作業系統, 搜索 → 搜尋, 宽带 → 寬頻, 隐私权 →
    私隱權; 82 phrases, the rest names of people and places, none of s2twp's 文件 → 檔案 kind)."""
    return _mended(str(_converter("s2hkp").convert(text)))


def for_readers_of(language: str, text: str) -> str:
    """Text of either Chinese script rewritten for a document in ``language``: for Simplified
    readers in the mainland's words, for Taiwan (zh-TW) in Taiwan's, for Hong Kong (zh-HK) in
    Hong Kong's character forms, for other Traditional readers (zh-Hant: not said where) in
    Traditional characters, words as written."""
    if document_script(language) == "zh-Hans":
        return for_simplified_readers(text)
    if language.endswith("TW"):
        return for_taiwan_readers(text)
    return for_hong_kong_readers(text) if language.endswith("HK") else to_traditional(text)


def in_region_forms(language: str, text: str) -> str:
    """Traditional text in the character forms of the region a document in ``language`` goes
    to: Hong Kong's (裏, 着, 説, 衞, 温, 户, 啓) for zh-HK, Taiwan's (裡, 著, 說, 衛, 溫, 戶, 啟)
    for zh-TW; for any other language as it is. The characters only, each for its variant, as
    OpenCC's tables give them (its tw2t reads 著 by its word: 看著辦 is 看着辦 in Hong Kong,
    著作 and 顯著 stay; OpenCC's 臺 for a Taiwan 台 is not taken: Taiwan writes both); the words
    stay as written (a Taiwan answer keeps its 軟體 in a Hong Kong document). Without it a
    Traditional item went into a Hong Kong tender in Taiwan's forms beside the answers converted
    from Simplified in Hong Kong's: two standards in one document."""
    if document_script(language) != "zh-Hant" or not _HAN.search(text):
        return text
    if language.endswith("HK"):
        return _mended(str(_converter("t2hk").convert(_converter("tw2t").convert(text))))
    if language.endswith("TW"):
        forms = _mended(str(_converter("t2tw").convert(_converter("hk2t").convert(standard_forms(text)))))
        if "台" in text and len(forms) == len(text):  # Taiwan writes 台 and 臺 alike (台灣, 臺北): as written
            forms = "".join(a if a == "台" else b for a, b in zip(text, forms, strict=True))
        return forms
    return text


def for_simplified_readers(text: str) -> str:
    """Traditional Chinese rewritten for a Simplified document (a proposal, a tender's answer):
    the characters and Taiwan's words as the mainland writes them (伺服器 → 服务器, 資料量 → 数据量,
    軟體 → 软件: OpenCC's tw2sp). Character by character (``to_simplified``) a Taiwan answer kept
    伺服器 and 资料量, which read as foreign to a mainland customer. Only for text being written
    into a document: comparing and detecting stay character by character."""
    return str(_converter("tw2sp").convert(standard_forms(text)))
