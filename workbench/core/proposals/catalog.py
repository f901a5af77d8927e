"""The template catalog: one folder per template under proposal_templates/ (and the data
folder's templates/, for a team's own). Adding a template needs no code change."""

from __future__ import annotations

import logging
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from workbench.core.errors import WorkbenchError
from workbench.core.knowledge.model import Kind
from workbench.core.paths import package_root
from workbench.core.proposals.render import TEMPLATE_FILE, TemplateError, check_template
from workbench.core.proposals.variables import Label, VariableSpec, parse_spec

log = logging.getLogger(__name__)

SPEC_FILE = "template.yaml"
REFERENCE_DOCX = "reference.docx"


@dataclass(frozen=True)
class KnowledgeSection:
    section: str
    title: Label
    kinds: tuple[str, ...]
    count: int
    match_from: tuple[str, ...]


@dataclass(frozen=True)
class ProposalTemplate:
    name: str
    folder: Path
    title: Label
    language: str
    currency: str
    description: Label
    variables: tuple[VariableSpec, ...]
    knowledge: tuple[KnowledgeSection, ...]

    @property
    def reference_docx(self) -> Path:
        own = self.folder / REFERENCE_DOCX
        return own if own.exists() else shared_reference_docx()

    def variable(self, name: str) -> VariableSpec | None:
        return next((v for v in self.variables if v.name == name), None)

    def to_json(self, lang: str = "en") -> dict[str, object]:
        return {
            "name": self.name,
            "title": self.title.get(lang),
            "language": self.language,
            "currency": self.currency,
            "variables": [v.to_json() for v in self.variables],
            "knowledge": [
                {"section": k.section, "kinds": list(k.kinds), "count": k.count, "match_from": list(k.match_from)}
                for k in self.knowledge
            ],
        }


def builtin_templates_dir() -> Path:
    return package_root() / "proposal_templates"


def shared_reference_docx() -> Path:
    return builtin_templates_dir() / "_shared" / REFERENCE_DOCX


def load_template(folder: Path) -> ProposalTemplate:
    """Read and check one template folder; raises WorkbenchError('template_invalid')."""
    name = folder.name

    def invalid(detail: str) -> WorkbenchError:
        return WorkbenchError("template_invalid", name=name, detail=detail)

    try:
        raw: Any = yaml.safe_load((folder / SPEC_FILE).read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        raise invalid(f"{SPEC_FILE}: {exc}") from None
    if not isinstance(raw, dict):
        raise invalid(f"{SPEC_FILE} must be a mapping")
    try:
        variables = tuple(parse_spec(v) for v in raw.get("variables") or ())
    except ValueError as exc:
        raise invalid(str(exc)) from None
    names = [v.name for v in variables]
    if len(set(names)) != len(names):
        raise invalid("two variables share a name")
    sections = []
    for entry in raw.get("knowledge") or ():
        if not isinstance(entry, dict) or not entry.get("section"):
            raise invalid("a knowledge section needs a 'section' name")
        kinds = tuple(str(k) for k in entry.get("kinds") or ())
        for kind in kinds:
            if kind not in {k.value for k in Kind}:
                raise invalid(f"knowledge section {entry['section']}: unknown kind {kind}")
        match_from = tuple(str(m) for m in entry.get("match_from") or ("requirements",))
        for m in match_from:
            if m not in names:
                raise invalid(f"knowledge section {entry['section']}: match_from names no variable {m!r}")
        sections.append(
            KnowledgeSection(
                section=str(entry["section"]),
                title=Label.parse(entry.get("title"), str(entry["section"])),
                kinds=kinds,
                count=max(0, min(int(entry.get("count", 3)), 20)),
                match_from=match_from,
            )
        )
    currency = str(raw.get("currency") or "CNY")
    if not (folder / TEMPLATE_FILE).exists():
        raise invalid(f"{TEMPLATE_FILE} is missing")
    try:
        check_template(folder, currency)
    except TemplateError as exc:
        raise invalid(exc.message("en")) from None
    return ProposalTemplate(
        name=str(raw.get("name") or name),
        folder=folder,
        title=Label.parse(raw.get("title"), name),
        language=str(raw.get("language") or "zh-Hans"),
        currency=currency,
        description=Label.parse(raw.get("description"), ""),
        variables=variables,
        knowledge=tuple(sections),
    )


def _fingerprint(folder: Path) -> tuple[tuple[str, int, int], ...]:
    """What a template folder holds, by name, size and modification time."""
    entries = []
    for path in sorted(folder.rglob("*")):
        if path.is_file():
            stat = path.stat()
            entries.append((str(path.relative_to(folder)), stat.st_size, stat.st_mtime_ns))
    return tuple(entries)


class TemplateCatalog:
    def __init__(self, folders: list[Path]) -> None:
        self.folders = folders
        self.problems: dict[str, str] = {}
        # a template is parsed and checked again only when a file in its folder changed
        # (checking renders it: ~0.1 s a template, and every proposal action asks the catalog)
        self._loaded: dict[Path, tuple[tuple[tuple[str, int, int], ...], ProposalTemplate | WorkbenchError]] = {}
        self._lock = threading.Lock()

    def _load(self, folder: Path) -> ProposalTemplate:
        fingerprint = _fingerprint(folder)
        with self._lock:
            cached = self._loaded.get(folder)
        if cached is not None and cached[0] == fingerprint:
            outcome = cached[1]
        else:
            try:
                outcome = load_template(folder)
            except WorkbenchError as exc:
                outcome = exc
            with self._lock:
                self._loaded[folder] = (fingerprint, outcome)
        if isinstance(outcome, WorkbenchError):
            raise outcome
        return outcome

    def all(self) -> list[ProposalTemplate]:
        """Every usable template; a broken one is left out and its problem kept in ``problems``."""
        found: dict[str, ProposalTemplate] = {}
        self.problems = {}
        for root in self.folders:
            if not root.is_dir():
                continue
            for folder in sorted(p for p in root.iterdir() if p.is_dir() and not p.name.startswith(("_", "."))):
                if not (folder / SPEC_FILE).exists():
                    continue
                try:
                    template = self._load(folder)
                except WorkbenchError as exc:
                    self.problems[folder.name] = str(exc.params.get("detail", exc.message("en")))
                    log.info("template %s left out: %s", folder, exc.message("en"))
                    continue
                found[template.name] = template  # a team's own folder overrides a built-in one
        return list(found.values())

    def get(self, name: str) -> ProposalTemplate:
        for template in self.all():
            if template.name == name:
                return template
        if name in self.problems:
            raise WorkbenchError("template_invalid", name=name, detail=self.problems[name])
        raise WorkbenchError("template_not_found", name=name)
