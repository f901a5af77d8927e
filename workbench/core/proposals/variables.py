"""A template's inputs: their schema, and turning what a person typed (or a YAML file holds)
into typed values — Decimal for numbers and money, dates for dates — with every problem named."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any

from workbench.core.errors import render
from workbench.core.proposals import pricing

TYPES = ("text", "multiline", "number", "money", "date", "choice", "list", "table")
MAX_TEXT = 20_000
MAX_ROWS = 500
_NAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_]{0,60}$")


@dataclass(frozen=True)
class Label:
    zh: str
    en: str

    def get(self, lang: str) -> str:
        return self.zh if lang.startswith("zh") else self.en

    @classmethod
    def parse(cls, value: Any, fallback: str) -> Label:
        if isinstance(value, dict):
            zh = str(value.get("zh") or value.get("en") or fallback)
            en = str(value.get("en") or value.get("zh") or fallback)
            return cls(zh, en)
        if value:
            return cls(str(value), str(value))
        return cls(fallback, fallback)


@dataclass(frozen=True)
class Column:
    name: str
    label: Label
    type: str
    choices: tuple[str, ...] = ()


@dataclass(frozen=True)
class VariableSpec:
    name: str
    label: Label
    type: str
    required: bool = False
    default: Any = None
    help: Label | None = None
    choices: tuple[str, ...] = ()
    columns: tuple[Column, ...] = ()

    def to_json(self) -> dict[str, object]:
        out: dict[str, object] = {
            "name": self.name, "type": self.type, "required": self.required,
            "label": {"zh": self.label.zh, "en": self.label.en},
        }
        if self.choices:
            out["choices"] = list(self.choices)
        if self.columns:
            out["columns"] = [{"name": c.name, "type": c.type, "label": {"zh": c.label.zh, "en": c.label.en},
                               **({"choices": list(c.choices)} if c.choices else {})} for c in self.columns]
        if self.default not in (None, ""):
            out["default"] = str(self.default) if not isinstance(self.default, (int, float, str)) else self.default
        return out


@dataclass
class VariableProblem:
    """One thing wrong with one input. ``field`` is the input's name (``pricing[2].unit_price``
    for a table cell); ``label`` what the form calls it; ``detail`` the value that was refused."""

    field: str
    code: str  # required | choose | number | negative | percent | too_large | date | choice | too_long | list | table | unknown
    detail: str = ""
    label: Label | None = None
    choices: tuple[str, ...] = ()

    @property
    def input(self) -> str:
        """The input (variable) the problem belongs to, also for a table cell."""
        return self.field.split("[", 1)[0]

    def message(self, lang: str, named: bool = True) -> str:
        """One line in the reader's language, from the errors catalogue. ``named`` adds the
        input's name as written in a --vars file (the CLI); a form beside the field leaves it out."""
        title = self.label.get(lang) if self.label is not None else self.field
        if named and self.label is not None and title != self.field:
            title = f"{title} ({self.field})"
        return render(f"input_{self.code}", {"field": title, "value": self.detail,
                                             "choices": ", ".join(self.choices)}, lang)


@dataclass
class Problems(Exception):
    problems: list[VariableProblem] = field(default_factory=list)

    def __str__(self) -> str:
        return "; ".join(p.message("en") for p in self.problems)


def parse_spec(raw: Any) -> VariableSpec:
    """One variable from template.yaml; raises ValueError with what is wrong."""
    if not isinstance(raw, dict) or not _NAME.match(str(raw.get("name", ""))):
        raise ValueError(f"a variable needs a 'name' that is an identifier: {raw!r}")
    name = str(raw["name"])
    kind = str(raw.get("type", "text"))
    if kind not in TYPES:
        raise ValueError(f"variable {name}: unknown type {kind!r} (use {', '.join(TYPES)})")
    choices = tuple(str(c) for c in raw.get("choices") or ())
    if kind == "choice" and not choices:
        raise ValueError(f"variable {name}: a choice needs choices")
    if kind == "choice" and raw.get("default") not in (None, "") and str(raw["default"]) not in choices:
        raise ValueError(f"variable {name}: the default {raw['default']!r} is not one of the choices")
    columns: list[Column] = []
    if kind == "table":
        for col in raw.get("columns") or ():
            if not isinstance(col, dict) or not _NAME.match(str(col.get("name", ""))):
                raise ValueError(f"variable {name}: a column needs a name")
            ctype = str(col.get("type", "text"))
            if ctype not in ("text", "number", "money", "date", "choice"):
                raise ValueError(f"variable {name}: column type {ctype!r} is not text, number, money, date or choice")
            col_choices = tuple(str(c) for c in col.get("choices") or ())
            if ctype == "choice" and not col_choices:
                raise ValueError(f"variable {name}: the choice column {col['name']} needs choices")
            columns.append(Column(str(col["name"]), Label.parse(col.get("label"), str(col["name"])), ctype,
                                  col_choices))
        if not columns:
            raise ValueError(f"variable {name}: a table needs columns")
    return VariableSpec(
        name=name,
        label=Label.parse(raw.get("label"), name),
        type=kind,
        required=bool(raw.get("required", False)),
        default=raw.get("default"),
        help=Label.parse(raw["help"], "") if raw.get("help") else None,
        choices=choices,
        columns=tuple(columns),
    )


@dataclass(frozen=True)
class _Where:
    """The input (or table cell) being read, to name it in a problem."""

    field: str
    label: Label

    def problem(self, code: str, detail: str = "", choices: tuple[str, ...] = ()) -> VariableProblem:
        return VariableProblem(self.field, code, detail, self.label, choices)

    def cell(self, row: int, col: Column) -> _Where:
        return _Where(f"{self.field}[{row}].{col.name}",
                      Label(f"{self.label.zh} 第 {row} 行 {col.label.zh}", f"{self.label.en}, row {row}, {col.label.en}"))


def _blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def _decimal(value: Any, where: _Where, problems: list[VariableProblem], allow_negative: bool = False) -> Decimal | None:
    if _blank(value):
        return None
    if isinstance(value, bool):
        problems.append(where.problem("number", str(value)))
        return None
    text = str(value).strip().replace(",", "").replace("，", "").lstrip("¥$￥")
    if text.endswith("%"):
        text = text[:-1]
    try:
        number = Decimal(text)
    except InvalidOperation:
        problems.append(where.problem("number", str(value)[:40]))
        return None
    if not number.is_finite():
        problems.append(where.problem("number", str(value)[:40]))
        return None
    if number < 0 and not allow_negative:
        problems.append(where.problem("negative", str(value)[:40]))
        return None
    return number


def _date(value: Any, where: _Where, problems: list[VariableProblem]) -> dt.date | None:
    """A date, or None when none was given (never a date made up in its place)."""
    if _blank(value):
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value).strip())
    except ValueError:
        problems.append(where.problem("date", str(value)[:40]))
        return None


def _text(value: Any, where: _Where, problems: list[VariableProblem]) -> str:
    text = "" if value is None else str(value)
    if len(text) > MAX_TEXT:
        problems.append(where.problem("too_long", f"{len(text)} > {MAX_TEXT}"))
        return text[:MAX_TEXT]
    return text


def _cell(col: Column, value: Any, where: _Where, problems: list[VariableProblem]) -> Any:
    if col.type in ("number", "money"):
        return _decimal(value, where, problems)
    if col.type == "date":
        return _date(value, where, problems)
    text = _text(value, where, problems).strip()
    if col.type == "choice" and text and text not in col.choices:
        problems.append(where.problem("choice", text[:40], col.choices))
    return text


def _is_pricing(spec: VariableSpec) -> bool:
    """A table priced as a quote: it has quantities and unit prices."""
    return spec.type == "table" and {"quantity", "unit_price"} <= {c.name for c in spec.columns}


def _check_quote(spec: VariableSpec, rows: list[dict[str, Any]], problems: list[VariableProblem]) -> None:
    """A pricing table's rows within what a quote may hold, each value named by its cell."""
    where = _Where(spec.name, spec.label)
    columns = {c.name: c for c in spec.columns}
    for n, row in enumerate(rows, start=1):
        for column, code, detail in pricing.row_problems(row):
            problems.append(where.cell(n, columns[column]).problem(code, detail))
    if not any(p.input == spec.name for p in problems):
        too_much = pricing.total_problem(rows)
        if too_much is not None:
            problems.append(where.problem("too_large", too_much))


def _check_rates(specs: list[VariableSpec], values: dict[str, Any], problems: list[VariableProblem]) -> None:
    """A quote's discount and tax rate are percentages between 0 and 100."""
    for spec in specs:
        if spec.name in ("discount_rate", "tax_rate") and spec.type == "number":
            problem = pricing.rate_problem(values.get(spec.name))
            if problem is not None:
                problems.append(_Where(spec.name, spec.label).problem(*problem))


def coerce(specs: list[VariableSpec], raw: dict[str, Any]) -> dict[str, Any]:
    """Typed values for every variable of the template; raises Problems listing all issues.

    An input left out takes the schema's ``default``; an input given empty stays empty (None for
    a number or a date, "" for a text or a choice, [] for a list or a table), so the template's
    "not given" branch runs. A required input left empty, and a choice that is not one of the
    choices, are refused: nothing is ever chosen in the person's place."""
    problems: list[VariableProblem] = []
    known = {s.name for s in specs}
    for name in raw:
        if name not in known:
            problems.append(VariableProblem(str(name), "unknown"))
    values: dict[str, Any] = {}
    for spec in specs:
        value = raw.get(spec.name, spec.default)
        where = _Where(spec.name, spec.label)
        typed: Any
        if spec.type in ("text", "multiline"):
            typed = _text(value, where, problems).strip()
            empty = not typed
        elif spec.type in ("number", "money"):
            typed = _decimal(value, where, problems)
            empty = typed is None
        elif spec.type == "date":
            typed = _date(value, where, problems)
            empty = typed is None
        elif spec.type == "choice":
            typed = "" if value is None else str(value).strip()
            if typed and typed not in spec.choices:
                problems.append(where.problem("choice", typed[:40], spec.choices))
            empty = not typed
        elif spec.type == "list":
            if _blank(value):
                typed = []
            elif isinstance(value, str):
                typed = [line.strip(" -\t") for line in value.splitlines() if line.strip(" -\t")]
            elif isinstance(value, (list, tuple)):
                typed = [str(v).strip() for v in value if str(v).strip()]
            else:
                problems.append(where.problem("list"))
                typed = []
            empty = not typed
        else:  # table
            rows = value or []
            typed = []
            if not isinstance(rows, (list, tuple)) or any(not isinstance(r, dict) for r in rows):
                problems.append(where.problem("table"))
                rows = []
            if len(rows) > MAX_ROWS:
                problems.append(where.problem("too_long", f"{len(rows)} rows > {MAX_ROWS}"))
                rows = rows[:MAX_ROWS]
            for n, row in enumerate(rows, start=1):
                cells = {c.name: _cell(c, row.get(c.name), where.cell(n, c), problems) for c in spec.columns}
                if any(v not in (None, "") for v in cells.values()):
                    typed.append(cells)
            if _is_pricing(spec):
                _check_quote(spec, typed, problems)
            empty = not typed
        if spec.required and empty and not any(p.input == spec.name for p in problems):
            problems.append(where.problem("choose" if spec.type == "choice" else "required"))
        values[spec.name] = typed
    if any(_is_pricing(spec) for spec in specs):
        _check_rates(specs, values, problems)
    if problems:
        raise Problems(problems)
    return values
