"""Which sentences are requirements, which are notes, legends or lead-ins, and which chapters of a
tender hold the requirements, decided by the words (Chinese and English)."""

from __future__ import annotations

import re

# Modal words that make a sentence of running text a requirement. "应" is not the 应 of 响应 / 供应 /
# 对应 / 相应 / 适应 / 应用, "须" not the 须 of 须知, "需" not the 需 of 需求.
_ZH_MODAL = re.compile(
    r"必须|须(?!知)|(?<![响供对相适反回效答感理])应(?![用])|不得|不能|不应|不少于|不低于|不高于|不超过|不大于|"
    r"不小于|不短于|不长于|至少|最少|≥|≤|>=|<=|＞|＜|支持|具备|具有|提供|满足|需(?!求)|能够|可提供|承诺|确保|"
    # the same in Traditional characters (a Hong Kong / Taiwan tender): 須 應 於 備 滿 夠 諾
    r"必須|須(?!知)|(?<![響供對相適反回效答感理])應(?![用])|不應|不少於|不低於|不高於|不超過|不大於|不小於|"
    r"支援|具備|滿足|能夠|承諾|確保"
)
_EN_MODAL = re.compile(
    r"\b(?:must|shall|should|required?|requires|supports?|provides?|at least|no (?:less|more|fewer) than|"
    r"minimum|maximum|ensure|describe|confirm|explain|list)\b", re.IGNORECASE)
_NOTE = re.compile(r"^\s*(?:注|註|说明|說明|備註|备注|附注|附註|提示|Note|Notes|Remark)\s*\d*\s*[:：]", re.IGNORECASE)
_LEAD_IN = re.compile(r"(?:如下|以下|下列|下述|as follows|the following)[^。；;]{0,12}[:：]\s*$", re.IGNORECASE)

# Chapter titles. Scoring first (评标办法 holds the 评分标准 table), then the requirement chapters,
# then the chapters whose text is procedure, not requirements to answer.
_SCORING = re.compile(r"评分|評分|评标办法|評標辦法|评审办法|评审标准|评标方法|综合评分|scoring|evaluation criteria",
                      re.IGNORECASE)
_REQUIREMENTS = re.compile(
    r"采购需求|採購需求|需求书|需求書|用户需求|技术要求|技術要求|技术规格|技術規格|技术参数|技術參數|技术规范|"
    r"商务要求|商務要求|商务条款|服务要求|服務要求|项目需求|功能要求|性能要求|配置要求|实施要求|售后服务|"
    r"培训要求|质量要求|采购内容|采购清单|requirements?|specifications?|scope of (?:work|supply)|questionnaire",
    re.IGNORECASE)
_OFF = re.compile(
    r"须知|須知|邀请|邀請|公告|合同|格式|资格|資格|前附表|投标文件组成|响应文件组成|附件|附录|目录|目錄|"
    r"instructions? to|invitation|contract|forms?\b|table of contents", re.IGNORECASE)

SCOPE_REQUIREMENTS, SCOPE_SCORING, SCOPE_OFF = "requirements", "scoring", "off"


def is_modal(text: str) -> bool:
    return bool(_ZH_MODAL.search(text) or _EN_MODAL.search(text))


def is_note(text: str) -> bool:
    return bool(_NOTE.match(text))


def is_lead_in(text: str) -> bool:
    return bool(_LEAD_IN.search(text))


def chapter_scope(title: str) -> str | None:
    """What a chapter titled ``title`` holds; None when its title does not say (it inherits)."""
    if _SCORING.search(title):
        return SCOPE_SCORING
    if _REQUIREMENTS.search(title) and not re.search(r"格式|format", title, re.IGNORECASE):
        return SCOPE_REQUIREMENTS
    if _OFF.search(title):
        return SCOPE_OFF
    return None
