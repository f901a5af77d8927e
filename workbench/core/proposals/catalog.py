"""The template catalog: one folder per template under proposal_templates/ (and the data
folder's templates/, for a team's own). Adding a template needs no code change.

A template folder is read only through its own files: a symbolic link anywhere in it, or a path
resolving outside it, makes the template broken. Each template is checked in the sandbox process
(sandbox.py) once per change of its files; a broken one is listed with its error and never stops
the others."""

from __future__ import annotations

import logging
import os
import stat
import threading
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from workbench.core.errors import NotFound, WorkbenchError
from workbench.core.errors import render as render_message
from workbench.core.knowledge.language import document_script
from workbench.core.knowledge.model import Kind
from workbench.core.paths import package_root
from workbench.core.proposals.render import TemplateError, check_template, confined_file
from workbench.core.proposals.sandbox import CHECK_TIME_S, run_in_sandbox
from workbench.core.proposals.variables import Label, VariableSpec, parse_spec

log = logging.getLogger(__name__)

SPEC_FILE = "template.yaml"
REFERENCE_DOCX = "reference.docx"
MAX_SPEC_BYTES = 256 * 1024
MAX_REFERENCE_BYTES = 20 * 1024 * 1024
MAX_REFERENCE_UNPACKED = 100 * 1024 * 1024  # a 1 MB .docx inflating to 400 MB took python-docx 30 s and 1.5 GB
MAX_FILES = 500  # files in one template folder
MAX_SPEC_VALUES = 100_000  # values in template.yaml, counting each use of an alias


def _check_reference(path: Path) -> None:
    """A reference .docx python-docx can open without unpacking a bomb: a zip whose parts add up
    to at most MAX_REFERENCE_UNPACKED (read from the zip's directory, nothing is inflated)."""
    try:
        with zipfile.ZipFile(path) as archive:
            unpacked = sum(info.file_size for info in archive.infolist())
    except (OSError, zipfile.BadZipFile, ValueError) as exc:
        raise TemplateError("template_reference_invalid", path=REFERENCE_DOCX, detail=str(exc)[:200]) from None
    if unpacked > MAX_REFERENCE_UNPACKED:
        raise TemplateError("template_reference_invalid", path=REFERENCE_DOCX,
                            detail=f"{unpacked // (1024 * 1024)} MB unpacked") from None


def _values_within(raw: Any, limit: int) -> bool:
    """Whether ``raw`` holds at most ``limit`` values when aliases are expanded (nine nested
    aliases of nine lists already mean 387 million)."""
    stack, seen = [raw], 0
    while stack:
        value = stack.pop()
        seen += 1
        if seen > limit:
            return False
        if isinstance(value, dict):
            stack.extend(value.keys())
            stack.extend(value.values())
        elif isinstance(value, list):
            stack.extend(value)
    return True


class TemplateUnusable(WorkbenchError):
    """A template left out of the catalog; its message gives the cause in the reader's language."""

    code = "template_invalid"

    def __init__(self, name: str, cause: WorkbenchError) -> None:
        super().__init__(name=name, detail=cause.message("en"))
        self.cause = cause

    def message(self, lang: str = "en") -> str:
        return render_message(self.code, {**self.params, "detail": self.cause.message(lang)}, lang)


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
        """The folder's own reference.docx (never through a link or outside the folder), else the shared one."""
        own = self.folder / REFERENCE_DOCX
        if not os.path.lexists(own):
            return shared_reference_docx()
        try:
            return confined_file(self.folder, REFERENCE_DOCX, MAX_REFERENCE_BYTES)
        except TemplateError as exc:
            raise TemplateUnusable(self.folder.name, exc) from None

    def variable(self, name: str) -> VariableSpec | None:
        return next((v for v in self.variables if v.name == name), None)

    def display_title(self, lang: str) -> str:
        """The title as a list of templates shows it to a reader of ``lang``. A Traditional
        template's Chinese title is its document's own (技術方案建議書), which beside the
        Simplified template's 技术方案建议书 says little: a Chinese reader is told its script, and
        where it is for when the template says (繁体·台湾, 繁体·香港: their words and character forms
        differ)."""
        title = self.title.get(lang)
        if not lang.startswith("zh") or document_script(self.language) != "zh-Hant":
            return title
        region = {"TW": "·台湾", "HK": "·香港"}.get(self.language[-2:], "")
        return f"{title}（繁体{region}）"

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


def read_template(folder: Path) -> ProposalTemplate:
    """Read and check one template folder, here in this process (the sandbox process runs it);
    raises WorkbenchError('template_invalid')."""
    name = folder.name

    def invalid(detail: str) -> WorkbenchError:
        return WorkbenchError("template_invalid", name=name, detail=detail)

    try:
        spec = confined_file(folder, SPEC_FILE, MAX_SPEC_BYTES)
        if os.path.lexists(folder / REFERENCE_DOCX):
            _check_reference(confined_file(folder, REFERENCE_DOCX, MAX_REFERENCE_BYTES))
    except TemplateError as exc:
        raise TemplateUnusable(name, exc) from None
    try:
        raw: Any = yaml.safe_load(spec.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as exc:
        raise invalid(f"{SPEC_FILE}: {str(exc)[:500]}") from None
    if not isinstance(raw, dict):
        raise invalid(f"{SPEC_FILE} must be a mapping")
    if not _values_within(raw, MAX_SPEC_VALUES):
        raise invalid(f"{SPEC_FILE} holds more than {MAX_SPEC_VALUES:,} values")
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
    try:
        check_template(folder, currency)
    except TemplateError as exc:
        raise TemplateUnusable(name, exc) from None
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


def load_template(folder: Path) -> ProposalTemplate:
    """Read and check one template folder in the sandbox process (bounded memory and time);
    raises WorkbenchError('template_invalid') naming the cause."""
    try:
        template = run_in_sandbox("load", folder, CHECK_TIME_S)
    except TemplateUnusable:
        raise
    except TemplateError as exc:
        raise TemplateUnusable(folder.name, exc) from None
    assert isinstance(template, ProposalTemplate)
    return template


Fingerprint = tuple[tuple[str, int, int], ...]


def _scan(folder: Path) -> tuple[Fingerprint, TemplateError | None]:
    """What a template folder holds, by name, size and modification time, without following any
    link; and the first problem seen (a symbolic link, too many files)."""
    entries: list[tuple[str, int, int]] = []
    problem: TemplateError | None = None
    if folder.is_symlink():
        return (), TemplateError("template_symlink", file=str(folder), path=folder.name)
    for dirpath, dirnames, filenames in os.walk(folder, followlinks=False):
        for entry in sorted(dirnames + filenames):
            path = Path(dirpath) / entry
            try:
                info = path.lstat()
            except OSError:
                continue
            relative = str(path.relative_to(folder))
            entries.append((relative, info.st_size, info.st_mtime_ns))
            if stat.S_ISLNK(info.st_mode) and problem is None:
                problem = TemplateError("template_symlink", file=str(folder), path=f"{folder.name}/{relative}")
        if len(entries) > MAX_FILES:
            return tuple(entries), TemplateError("template_too_many_files", file=str(folder), limit=MAX_FILES)
    return tuple(sorted(entries)), problem


class TemplateCatalog:
    def __init__(self, folders: list[Path]) -> None:
        self.folders = folders
        self.problems: dict[str, str] = {}  # folder name -> what is wrong (English)
        self.broken: dict[str, WorkbenchError] = {}  # folder name -> the error (``message(lang)``)
        # a template is read and checked again (in the sandbox process) only when a file in its
        # folder changed: every proposal action asks the catalog
        self._loaded: dict[Path, tuple[Fingerprint, ProposalTemplate | WorkbenchError]] = {}
        self._lock = threading.Lock()

    def _load(self, folder: Path) -> ProposalTemplate:
        fingerprint, problem = _scan(folder)
        with self._lock:
            cached = self._loaded.get(folder)
        if cached is not None and cached[0] == fingerprint:
            outcome = cached[1]
        else:
            try:
                if problem is not None:
                    raise TemplateUnusable(folder.name, problem)
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
        self.problems, self.broken = {}, {}
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
                    self.broken[folder.name] = exc
                    log.info("template %s left out: %s", folder, exc.message("en"))
                    continue
                found[template.name] = template  # a team's own folder overrides a built-in one
        return list(found.values())

    def get(self, name: str) -> ProposalTemplate:
        """The template called ``name``. A template normally lives in a folder of that name:
        that folder alone is read and checked (an export or a new proposal does not pay for
        checking every other template in the sandbox); the others only when it is not there."""
        if Path(name).name == name and not name.startswith(("_", ".")):
            for root in reversed(self.folders):  # a team's own folder overrides a built-in one
                folder = root / name
                if folder.is_dir() and (folder / SPEC_FILE).exists():
                    try:
                        template = self._load(folder)
                    except WorkbenchError:
                        break  # named as broken (or found elsewhere) by the full listing below
                    if template.name == name:
                        return template
                    break
        for template in self.all():
            if template.name == name:
                return template
        if name in self.broken:
            raise self.broken[name]
        raise NotFound("template_not_found", name=name)
