"""What a table is, from its header row: a requirement table (序号 | 指标项 | 技术要求 | ★), a
scoring table (评分项 | 分值 | 评分细则), a deviation table to fill (序号 | 条款号 | 招标要求 | 投标响应 |
偏离情况 | 说明 | 证明材料页码), a questionnaire (ID | Category | Question | Answer), or none of these."""

from __future__ import annotations

import re
from dataclasses import dataclass

from workbench.core.tender.clauses import SYMBOLS
from workbench.core.tender.readers import Cell

# role -> header pattern; a header cell takes the first role in this order that it matches and
# that no earlier cell took.
_ROLES: tuple[tuple[str, re.Pattern[str]], ...] = tuple((role, re.compile(pattern, re.IGNORECASE)) for role, pattern in (
    ("evidence", r"证明材料|證明材料|页码|頁碼|佐证|佐證|证明文件|evidence|reference page|supporting doc"),
    ("deviation", r"偏离|偏離|deviation|compliance status"),
    ("points", r"分值|分數|分数|满分|滿分|权重|權重|标准分|points?|score\b|weight"),
    ("detail", r"评分细则|评分标准|评审标准|评分办法|打分标准|评分说明|细则|細則|评分内容|criteria|scoring guide"),
    ("response", r"投标响应|投標響應|响应|響應|应答|應答|回答|答复|答覆|回复|實際參數|实际参数|投标规格|投标参数|投标内容|"
                 r"answer|response|reply|compliance|comply"),
    ("clause", r"条款号|條款號|条款编号|章节号|clause|section no"),
    ("no", r"^(?:序号|序號|编号|編號|条目号|no\.?|#|id|ref\.?|item no\.?|question id|q\s?#|s/?n)$"),
    ("mark", rf"^[{re.escape(SYMBOLS)}]$|^(?:重要性|标识|標識|星号|星號|符号|mark|flag)$"),
    ("item", r"评分项|評分項|评分因素|评审因素|评审项|评分因子|指标项|指標項|指标名称|参数项|参数名称|名称|項目|项目|"
             r"功能模块|模块|分类|類別|类别|category|domain|area|section|topic|item$"),
    ("requirement", r"技术要求|技術要求|技术参数|技術參數|参数要求|指标要求|规格|規格|需求|要求|问题|問題|内容|描述|"
                    r"requirement|question|description|control|specification"),
    ("note", r"说明|說明|备注|備註|remark|comment|note|explanation"),
))

TABLE_REQUIREMENTS, TABLE_SCORING, TABLE_DEVIATION, TABLE_QUESTIONNAIRE = "requirements", "scoring", "deviation", "q"
_QUESTION_HEADER = re.compile(r"question|问题|問題|control|questionnaire", re.IGNORECASE)


@dataclass(frozen=True)
class Header:
    row: int  # index of the header row
    kind: str  # TABLE_* or "" for a table of no known kind
    roles: dict[str, int]  # role -> grid column of its header cell
    headers: tuple[str, ...]  # the header row's cell texts
    columns: dict[str, int]  # role -> cell index (Location.column) in the header row
    question: bool  # the text column is headed "Question"/"问题"


def _roles(cells: tuple[Cell, ...]) -> tuple[dict[str, int], dict[str, int], str]:
    roles: dict[str, int] = {}
    columns: dict[str, int] = {}
    text_header = ""
    for cell in cells:
        label = " ".join(cell.text.split())
        if not label or len(label) > 40:
            continue
        for role, pattern in _ROLES:
            if role not in roles and pattern.search(label):
                roles[role] = cell.grid
                columns[role] = cell.column
                if role == "requirement":
                    text_header = label
                break
    return roles, columns, text_header


def read_header(rows: tuple[tuple[Cell, ...], ...], spreadsheet: bool = False) -> Header | None:
    """The first row (among the first few; the first 30 on a spreadsheet, whose title rows come
    first) that names at least two known columns."""
    for index, row in enumerate(rows[: 30 if spreadsheet else 3]):
        roles, columns, text_header = _roles(row)
        if len(roles) < 2:
            continue
        kind = ""
        if "deviation" in roles and ("response" in roles or "requirement" in roles):
            kind = TABLE_DEVIATION
        elif "points" in roles and ("item" in roles or "detail" in roles or "requirement" in roles):
            kind = TABLE_SCORING
        elif "requirement" in roles and "response" in roles:
            kind = TABLE_QUESTIONNAIRE
        elif "requirement" in roles:
            kind = TABLE_REQUIREMENTS
        if not kind and not spreadsheet:
            continue
        headers = tuple(c.text for c in row)
        return Header(row=index, kind=kind, roles=roles, headers=headers, columns=columns,
                      question=bool(_QUESTION_HEADER.search(text_header)))
    return None


def cell_at(row: tuple[Cell, ...], grid: int | None) -> Cell | None:
    """The cell of ``row`` that covers grid column ``grid``."""
    if grid is None:
        return None
    for cell in row:
        if cell.grid <= grid < cell.grid + cell.span:
            return cell
    return None


def points_of(text: str) -> float | None:
    """"10" / "10分" / "0-5分" / "满分 8 分" -> the most points the row can give."""
    numbers = [float(n) for n in re.findall(r"\d+(?:\.\d+)?", text)]
    return max(numbers) if numbers else None


def points_in_text(text: str) -> float | None:
    numbers = [float(n) for n in re.findall(r"(\d+(?:\.\d+)?)\s*分(?![钟之])", text)]
    return max(numbers) if numbers else None
