"""A template's rules for its knowledge sections, read from its ``template.yaml`` (all optional,
per section; matching.py applies them)::

    min_relevance: 0.4        # below it an item is not offered (DEFAULT_MIN_RELEVANCE)
    traditional: convert      # zh-Hant items in a zh-Hans document: convert | exclude
    industry: prefer          # other industries' items: prefer (ranked down) | require (left out) | ignore
    exclude_tags: [draft-only]
    exclude_when:             # an item with one of these tags (or words in its title) is left out...
      - {tags: [SaaS], title_words: [SaaS], when: {deployment: [私有化部署]}}   # ...when an input says so
      - {tags: [GDPR], unless: {data_residency: [EU, GDPR]}}                   # ...unless an input says so
"""

from __future__ import annotations

import threading
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from workbench.core.errors import WorkbenchError
from workbench.core.proposals.catalog import MAX_SPEC_BYTES, SPEC_FILE, ProposalTemplate, TemplateUnusable
from workbench.core.proposals.render import TemplateError, confined_file

DEFAULT_MIN_RELEVANCE = 0.4
INDUSTRY_MODES = ("prefer", "require", "ignore")
TRADITIONAL_MODES = ("convert", "exclude")


def text_of(value: Any) -> str:
    if isinstance(value, list):
        return "\n".join(str(v) if not isinstance(v, dict) else " ".join(str(x) for x in v.values()) for v in value)
    return "" if value is None else str(value)


@dataclass(frozen=True)
class Condition:
    """Items with one of ``tags`` (or one of ``title_words`` in their title) are excluded when
    every ``when`` input holds one of its words, and no ``unless`` input does."""

    tags: tuple[str, ...] = ()
    title_words: tuple[str, ...] = ()
    when: tuple[tuple[str, tuple[str, ...]], ...] = ()
    unless: tuple[tuple[str, tuple[str, ...]], ...] = ()

    def concerns(self, tags: Iterable[str], title: str) -> str | None:
        """The tag or title word that makes this condition about the item, if any."""
        lowered = {t.casefold() for t in tags}
        for tag in self.tags:
            if tag.casefold() in lowered:
                return tag
        for word in self.title_words:
            if word.casefold() in title.casefold():
                return word
        return None

    def holds(self, values: Mapping[str, Any]) -> bool:
        def says(name: str, words: tuple[str, ...]) -> bool:
            text = text_of(values.get(name)).casefold()
            return any(w.casefold() in text for w in words)

        return all(says(n, w) for n, w in self.when) and not any(says(n, w) for n, w in self.unless)

    def describe(self, values: Mapping[str, Any]) -> str:
        said = [f"{n}={text_of(values.get(n))}" for n, _w in self.when]
        return ", ".join(said)


@dataclass(frozen=True)
class SectionRules:
    min_relevance: float = DEFAULT_MIN_RELEVANCE
    traditional: str = "convert"
    industry: str = "prefer"
    exclude_tags: tuple[str, ...] = ()
    exclude_when: tuple[Condition, ...] = ()


# --- the rules, read from template.yaml ------------------------------------------------------

_rules_cache: dict[Path, tuple[tuple[int, int], dict[str, SectionRules]]] = {}
_rules_lock = threading.Lock()


def section_rules(template: ProposalTemplate) -> dict[str, SectionRules]:
    """Each knowledge section's rules (defaults where the template says nothing). The catalog
    has already checked the rest of the file; a bad rule makes the template unusable, with why."""
    try:  # the same confinement the catalog applied: no links out of the folder, a bounded size
        path = confined_file(template.folder, SPEC_FILE, MAX_SPEC_BYTES)
        stat = path.stat()
    except TemplateError as exc:
        raise TemplateUnusable(template.name, exc) from None
    except OSError:
        return {}
    key = (stat.st_mtime_ns, stat.st_size)
    with _rules_lock:
        cached = _rules_cache.get(path)
    if cached is not None and cached[0] == key:
        return cached[1]
    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except (OSError, yaml.YAMLError) as exc:
        raise WorkbenchError("template_invalid", name=template.name, detail=f"{SPEC_FILE}: {exc}") from None
    names = {v.name for v in template.variables}
    rules: dict[str, SectionRules] = {}
    for entry in raw.get("knowledge") or ():
        if isinstance(entry, dict) and entry.get("section"):
            try:
                rules[str(entry["section"])] = _parse_rules(entry, names)
            except ValueError as exc:
                raise WorkbenchError("template_invalid", name=template.name,
                                     detail=f"knowledge section {entry['section']}: {exc}") from None
    with _rules_lock:
        _rules_cache[path] = (key, rules)
    return rules


def _strings(value: Any, what: str) -> tuple[str, ...]:
    if value is None:
        return ()
    if isinstance(value, str):
        return (value,)
    if isinstance(value, list) and all(isinstance(v, (str, int, float)) for v in value):
        return tuple(str(v) for v in value)
    raise ValueError(f"{what} must be a list of words")


def _inputs(value: Any, what: str, names: set[str]) -> tuple[tuple[str, tuple[str, ...]], ...]:
    if value is None:
        return ()
    if not isinstance(value, dict):
        raise ValueError(f"{what} must map input names to words")
    for name in value:
        if name not in names:
            raise ValueError(f"{what} names no variable {name!r}")
    return tuple((str(n), _strings(w, f"{what}.{n}")) for n, w in value.items())


def _parse_rules(entry: dict[str, Any], names: set[str]) -> SectionRules:
    minimum = entry.get("min_relevance", DEFAULT_MIN_RELEVANCE)
    if isinstance(minimum, bool) or not isinstance(minimum, (int, float)) or not 0 <= minimum <= 1:
        raise ValueError("min_relevance must be a number from 0 to 1")
    traditional = str(entry.get("traditional", "convert"))
    if traditional not in TRADITIONAL_MODES:
        raise ValueError(f"traditional must be one of {', '.join(TRADITIONAL_MODES)}")
    industry = str(entry.get("industry", "prefer"))
    if industry not in INDUSTRY_MODES:
        raise ValueError(f"industry must be one of {', '.join(INDUSTRY_MODES)}")
    conditions = []
    for c in entry.get("exclude_when") or ():
        if not isinstance(c, dict):
            raise ValueError("each exclude_when entry must be a mapping")
        condition = Condition(_strings(c.get("tags"), "tags"), _strings(c.get("title_words"), "title_words"),
                              _inputs(c.get("when"), "when", names), _inputs(c.get("unless"), "unless", names))
        if not (condition.tags or condition.title_words):
            raise ValueError("an exclude_when entry needs tags or title_words")
        conditions.append(condition)
    return SectionRules(float(minimum), traditional, industry, _strings(entry.get("exclude_tags"), "exclude_tags"),
                        tuple(conditions))
