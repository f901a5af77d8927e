"""Rubrics as data: per tier, the criteria a reviewer scores, their weights and what an approval
needs. The default lives in resources/reviews/rubric.yaml; a template may bring its own
rubric.yaml whose tiers replace the default's."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from workbench.core.errors import WorkbenchError
from workbench.core.paths import resources_dir
from workbench.core.proposals.variables import Label
from workbench.core.reviews.states import TIERS, ReviewRefused

RUBRIC_FILE = "rubric.yaml"


def default_rubric_path() -> Path:
    return resources_dir() / "reviews" / RUBRIC_FILE


@dataclass(frozen=True)
class Criterion:
    name: str
    label: Label
    help: Label
    weight: float
    minimum: int | None = None


@dataclass(frozen=True)
class TierRubric:
    tier: int
    title: Label
    criteria: tuple[Criterion, ...]
    pass_mark: float
    scale: int

    def criterion(self, name: str) -> Criterion | None:
        return next((c for c in self.criteria if c.name == name), None)

    def weighted(self, scores: Mapping[str, int]) -> float:
        total = sum(c.weight for c in self.criteria)
        return round(sum(c.weight * scores[c.name] for c in self.criteria) / total, 2)

    def parse(self, scores: Mapping[str, object], complete: bool) -> dict[str, int]:
        """Scores as whole numbers in range, each naming a criterion; ``complete``: all of them."""
        names = ", ".join(c.name for c in self.criteria)
        out: dict[str, int] = {}
        for name, raw in scores.items():
            if self.criterion(name) is None:
                raise ReviewRefused("review_score_unknown", name=name, tier=self.tier, names=names)
            text = str(raw).strip()
            value = int(text) if text.isdigit() else -1
            if not 1 <= value <= self.scale:
                raise ReviewRefused("review_score_range", name=name, high=self.scale, value=raw)
            out[name] = value
        missing = [c.name for c in self.criteria if c.name not in out]
        if complete and missing:
            raise ReviewRefused("review_score_missing", tier=self.tier, names=", ".join(missing))
        return out

    def check_approval(self, scores: Mapping[str, object]) -> tuple[dict[str, int], float]:
        """The parsed scores and their weighted average, or ReviewRefused when they do not pass."""
        parsed = self.parse(scores, complete=True)
        for c in self.criteria:
            if c.minimum is not None and parsed[c.name] < c.minimum:
                raise ReviewRefused("review_criterion_below", name=c.name, value=parsed[c.name],
                                    minimum=c.minimum, tier=self.tier)
        score = self.weighted(parsed)
        if score < self.pass_mark:
            raise ReviewRefused("review_below_pass_mark", score=f"{score:.2f}", tier=self.tier,
                                minimum=f"{self.pass_mark:.2f}")
        return parsed, score

    def to_json(self, lang: str = "en") -> dict[str, object]:
        return {
            "tier": self.tier, "title": self.title.get(lang), "pass_mark": self.pass_mark, "scale": self.scale,
            "criteria": [{"name": c.name, "label": c.label.get(lang), "help": c.help.get(lang),
                          "weight": c.weight, "minimum": c.minimum} for c in self.criteria],
        }


@dataclass(frozen=True)
class Rubric:
    tiers: Mapping[int, TierRubric]
    source: str

    def tier(self, tier: int) -> TierRubric:
        return self.tiers[tier]


def _invalid(path: Path, detail: str) -> WorkbenchError:
    return WorkbenchError("rubric_invalid", path=str(path), detail=detail)


def _tier(path: Path, tier: int, raw: Any, scale: int) -> TierRubric:
    if not isinstance(raw, dict) or not isinstance(raw.get("criteria"), list) or not raw["criteria"]:
        raise _invalid(path, f"tier {tier} needs a list of criteria")
    criteria = []
    for item in raw["criteria"]:
        if not isinstance(item, dict) or not str(item.get("name") or "").strip():
            raise _invalid(path, f"tier {tier}: every criterion needs a name")
        name = str(item["name"]).strip()
        try:
            weight = float(item.get("weight", 1))
            minimum = None if item.get("minimum") is None else int(item["minimum"])
        except (TypeError, ValueError):
            raise _invalid(path, f"tier {tier}, {name}: weight and minimum are numbers") from None
        if weight <= 0 or (minimum is not None and not 1 <= minimum <= scale):
            raise _invalid(path, f"tier {tier}, {name}: weight > 0 and minimum within 1..{scale}")
        criteria.append(Criterion(name, Label.parse(item.get("label"), name), Label.parse(item.get("help"), ""),
                                  weight, minimum))
    if len({c.name for c in criteria}) != len(criteria):
        raise _invalid(path, f"tier {tier}: criterion names repeat")
    try:
        pass_mark = float(raw.get("pass_mark", 1))
    except (TypeError, ValueError):
        raise _invalid(path, f"tier {tier}: pass_mark is a number") from None
    if not 1 <= pass_mark <= scale:
        raise _invalid(path, f"tier {tier}: pass_mark within 1..{scale}")
    return TierRubric(tier, Label.parse(raw.get("title"), f"Tier {tier}"), tuple(criteria), pass_mark, scale)


def load_rubric(path: Path, base: Rubric | None = None) -> Rubric:
    """Read a rubric file. With ``base``, the file may list only some tiers; the rest come from base."""
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        raise _invalid(path, str(exc)[:300]) from None
    if not isinstance(data, dict) or not isinstance(data.get("tiers"), dict):
        raise _invalid(path, "expected 'scale' and 'tiers: {1: ..., 2: ..., 3: ...}'")
    try:
        scale = int(data.get("scale", 5))
    except (TypeError, ValueError):
        raise _invalid(path, "scale is a whole number") from None
    if not 2 <= scale <= 10:
        raise _invalid(path, "scale within 2..10")
    tiers: dict[int, TierRubric] = dict(base.tiers) if base else {}
    for key, raw in data["tiers"].items():
        if str(key) not in {str(t) for t in TIERS}:
            raise _invalid(path, f"unknown tier {key!r} (tiers are 1, 2, 3)")
        tiers[int(key)] = _tier(path, int(key), raw, scale)
    if set(tiers) != set(TIERS):
        raise _invalid(path, "every tier (1, 2, 3) needs a rubric")
    return Rubric(tiers, str(path))


class RubricBook:
    """The rubric for each template: its own rubric.yaml over the default, read once each."""

    def __init__(self, default: Path | None = None) -> None:
        self._default_path = default or default_rubric_path()
        self._default: Rubric | None = None
        self._cache: dict[Path, Rubric] = {}

    @property
    def default(self) -> Rubric:
        if self._default is None:
            self._default = load_rubric(self._default_path)
        return self._default

    def for_template(self, folder: Path | None) -> Rubric:
        own = folder / RUBRIC_FILE if folder is not None else None
        if own is None or not own.is_file():
            return self.default
        if own not in self._cache:
            self._cache[own] = load_rubric(own, base=self.default)
        return self._cache[own]
