"""Filling in a proposal template (jinja2 → Markdown) in a sandbox that bounds what a template can
do: no attribute escapes (immutable sandbox, Jinja2 >= 3.1.6), only the files of its own folder
(no symbolic links, nothing outside it), no huge strings or powers, a bounded output. The values it
is filled with are text (``escaping.PlainText``), not Markdown. Errors name the template file, the
line and what was wrong.

``render_markdown`` and the catalog's checks run in a separate process with memory and CPU limits
(``sandbox.py``); ``render_in_process`` and ``check_template`` here are what that process runs."""

from __future__ import annotations

import dataclasses
import datetime as dt
import os
import re
import stat
import textwrap
import threading
import traceback
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path, PurePosixPath
from typing import Any

import jinja2
from jinja2 import meta, nodes
from jinja2.compiler import CodeGenerator, Frame
from jinja2.exceptions import SecurityError
from jinja2.sandbox import ImmutableSandboxedEnvironment

from workbench.core.errors import WorkbenchError
from workbench.core.proposals.escaping import PlainText, as_markdown, as_text
from workbench.core.proposals.pricing import format_money

TIME_LIMIT_S = 5.0
MAX_OUTPUT = 2_000_000  # characters of Markdown
MAX_STRING = MAX_OUTPUT  # the longest string or list a single *, + or ~ may build
MAX_POWER = 64
MAX_LITERAL = 100_000  # characters of one string written in the template
MAX_TEMPLATE_BYTES = 1_000_000  # a template file (an include too)
TEMPLATE_FILE = "template.md.j2"
ALLOWED_NAMES = {"vars", "knowledge", "totals", "proposal", "company"}
_HEADING = re.compile(r"^(#{1,6})(\s)", re.M)


class TemplateError(WorkbenchError):
    code = "template_error"


# --- files: only the template's own, never through a link ------------------------------------------

def confined_file(folder: Path, relative: str, max_bytes: int | None = MAX_TEMPLATE_BYTES) -> Path:
    """The regular file ``relative`` inside ``folder``, or TemplateError: a path that is absolute,
    climbs out with ``..``, passes through a symbolic link or resolves outside the folder is
    refused, and so is a file larger than ``max_bytes``."""
    where = str(folder)
    pure = PurePosixPath(relative.replace("\\", "/"))
    if not relative or pure.is_absolute() or re.match(r"^[A-Za-z]:", relative) or ".." in pure.parts:
        raise TemplateError("template_outside", file=where, path=relative)
    path = folder
    for part in ("", *(p for p in pure.parts if p != ".")):
        path = path / part if part else path
        try:
            mode = os.lstat(path).st_mode
        except FileNotFoundError:
            raise TemplateError("template_file_missing", file=where, path=relative) from None
        except OSError as exc:
            raise TemplateError(file=where, line=0, detail=str(exc)) from None
        if stat.S_ISLNK(mode):
            raise TemplateError("template_symlink", file=where, path=str(path.relative_to(folder.parent)))
    try:
        inside = path.resolve().is_relative_to(folder.resolve())
        info = path.stat()
    except OSError as exc:
        raise TemplateError(file=where, line=0, detail=str(exc)) from None
    if not inside:
        raise TemplateError("template_outside", file=where, path=relative)
    if not stat.S_ISREG(info.st_mode):
        raise TemplateError("template_file_missing", file=where, path=relative)
    if max_bytes is not None and info.st_size > max_bytes:
        raise TemplateError("template_file_too_large", path=relative, size=info.st_size // 1024,
                            limit=max_bytes // 1024)
    return path


class _FolderLoader(jinja2.BaseLoader):
    """Templates (and what they include, import or extend) from one folder, confined to it."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder

    def get_source(self, environment: jinja2.Environment, template: str) -> tuple[str, str, Callable[[], bool]]:
        path = confined_file(self.folder, template)
        mtime = path.stat().st_mtime_ns
        try:
            source = path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            raise TemplateError(file=template, line=0, detail=str(exc)) from None

        def uptodate() -> bool:
            try:
                return confined_file(self.folder, template).stat().st_mtime_ns == mtime
            except (OSError, TemplateError):
                return False

        return source, str(path), uptodate


# --- the sandbox ------------------------------------------------------------------------------------

def _too_large(value: Any) -> bool:
    return isinstance(value, (str, list, tuple)) and len(value) > MAX_STRING


class _LimitedCodeGenerator(CodeGenerator):
    """``a ~ b`` goes through the environment too, so a doubling loop meets the size limit."""

    def visit_Concat(self, node: nodes.Concat, frame: Frame) -> None:
        self.write("environment.call_concat((")
        for arg in node.nodes:
            self.visit(arg, frame)
            self.write(", ")
        self.write("))")


class _LimitedSandbox(ImmutableSandboxedEnvironment):
    intercepted_binops = frozenset(["*", "**", "+"])
    code_generator_class = _LimitedCodeGenerator

    def call_binop(self, context: Any, operator: str, left: Any, right: Any) -> Any:
        if operator == "**" and isinstance(right, (int, float, Decimal)) and abs(float(right)) > MAX_POWER:
            raise SecurityError(f"power too large: {right}")
        if operator == "*":
            for seq, count in ((left, right), (right, left)):
                if isinstance(seq, (str, list, tuple)) and isinstance(count, int) and len(seq) * count > MAX_STRING:
                    raise TemplateError("template_string_too_large", file="", line=0, limit=MAX_STRING)
        if operator == "+" and isinstance(left, (str, list, tuple)) and isinstance(right, (str, list, tuple)) \
                and len(left) + len(right) > MAX_STRING:
            raise TemplateError("template_string_too_large", file="", line=0, limit=MAX_STRING)
        result = super().call_binop(context, operator, left, right)
        if _too_large(result):
            raise TemplateError("template_string_too_large", file="", line=0, limit=MAX_STRING)
        return result

    def call_concat(self, parts: tuple[Any, ...]) -> str:
        total = 0
        for part in parts:
            total += len(part) if isinstance(part, str) else 0
            if total > MAX_STRING:
                raise TemplateError("template_string_too_large", file="", line=0, limit=MAX_STRING)
        result = "".join(map(str, parts))
        if len(result) > MAX_STRING:
            raise TemplateError("template_string_too_large", file="", line=0, limit=MAX_STRING)
        return result


# --- filters ----------------------------------------------------------------------------------------

def demote(markdown: str, levels: int = 1) -> str:
    """Push a knowledge item's own headings below the section it is placed in."""
    if isinstance(markdown, PlainText):  # typed text has no headings of its own
        return markdown
    return _HEADING.sub(lambda m: "#" * min(6, len(m.group(1)) + levels) + m.group(2), markdown or "")


def date_zh(value: dt.date | None) -> str:
    return f"{value.year}年{value.month}月{value.day}日" if value else ""


def date_en(value: dt.date | None) -> str:
    return f"{value:%B} {value.day}, {value.year}" if value else ""


def percent(value: Decimal | None) -> str:
    if value is None:
        return ""
    return f"{value.normalize():f}%"


def _chars(value: Any) -> str:
    """The characters of a string (typed text unescaped), or ``str`` of anything else."""
    return str.__str__(value) if isinstance(value, str) else str(value)


def _replace(value: Any, old: Any, new: Any, count: int | None = None) -> Any:
    """jinja's replace works on ``str(value)`` (escaped Markdown for typed text): this one on the text."""
    text = value if isinstance(value, str) else str(value)
    return text.replace(_chars(old), _chars(new), -1 if count is None else count)


def _title(value: Any) -> Any:
    words = re.split(r"(\s+)", _chars(value))
    out = "".join(w[:1].upper() + w[1:].lower() for w in words)
    return PlainText(out) if isinstance(value, PlainText) else out


def _wordwrap(value: Any, width: int = 79, break_long_words: bool = True, wrapstring: str | None = None,
              break_on_hyphens: bool = True) -> Any:
    raw = _chars(value)
    lines = [textwrap.fill(p, width=width, break_long_words=break_long_words, break_on_hyphens=break_on_hyphens)
             for p in raw.splitlines()]
    out = (wrapstring or "\n").join(lines)
    return PlainText(out) if isinstance(value, PlainText) else out


def environment(folder: Path, currency: str) -> jinja2.Environment:
    env = _LimitedSandbox(
        loader=_FolderLoader(folder),
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        autoescape=False,  # Markdown, not HTML: typed values are PlainText instead
        keep_trailing_newline=True,
    )
    env.filters.update(
        money=lambda v: format_money(v, currency), date_zh=date_zh, date_en=date_en, percent=percent,
        demote=demote, markdown=as_markdown, replace=_replace, title=_title, wordwrap=_wordwrap,
    )
    return env


_ENVIRONMENTS: dict[tuple[str, str], jinja2.Environment] = {}
_CHECKED: dict[tuple[str, str, int, int], None] = {}
_CACHE_LOCK = threading.Lock()
_CACHE_SIZE = 64


def cached_environment(folder: Path, currency: str) -> jinja2.Environment:
    """One environment per template folder and currency: jinja2 then keeps each compiled template
    (compiling tech-proposal-en took ~0.4 s of every render) and recompiles it when the file
    changes (the loader's uptodate compares modification times)."""
    key = (str(folder), currency)
    with _CACHE_LOCK:
        env = _ENVIRONMENTS.get(key)
        if env is None:
            if len(_ENVIRONMENTS) >= _CACHE_SIZE:
                _ENVIRONMENTS.pop(next(iter(_ENVIRONMENTS)))
            env = _ENVIRONMENTS[key] = environment(folder, currency)
        return env


# --- checking ---------------------------------------------------------------------------------------

def _syntax_error(exc: jinja2.TemplateSyntaxError, path: Path) -> TemplateError:
    return TemplateError(file=exc.filename or str(path), line=exc.lineno or 0, detail=exc.message or str(exc))


def check_template(folder: Path, currency: str = "CNY") -> None:
    """Parse the template and check it uses only the names it is given, writes no huge strings
    and names only files of its own folder; once per version of the file (what it includes is
    checked again whenever it is loaded: the loader refuses links and paths outside the folder).
    Run in the sandbox process."""
    path = confined_file(folder, TEMPLATE_FILE)
    info = path.stat()
    key = (str(path), currency, info.st_mtime_ns, info.st_size)
    if key in _CHECKED:
        return
    try:
        source = path.read_text(encoding="utf-8")
        parsed = cached_environment(folder, currency).parse(source, name=TEMPLATE_FILE, filename=str(path))
    except jinja2.TemplateSyntaxError as exc:
        raise _syntax_error(exc, path) from None
    except (OSError, UnicodeDecodeError) as exc:
        raise TemplateError(file=str(path), line=0, detail=str(exc)) from None
    except RecursionError:
        raise TemplateError("template_too_deep", file=str(path)) from None
    for const in parsed.find_all(nodes.Const):
        if isinstance(const.value, str) and len(const.value) > MAX_LITERAL:
            raise TemplateError("template_literal_too_large", file=str(path), line=const.lineno,
                                size=len(const.value), limit=MAX_LITERAL)
    stored = {node.name for node in parsed.find_all(nodes.Name) if node.ctx in ("store", "param")}
    unknown = meta.find_undeclared_variables(parsed) - ALLOWED_NAMES - stored
    if unknown:
        raise TemplateError("template_unknown_names", file=str(path), names=", ".join(sorted(unknown)))
    for name in meta.find_referenced_templates(parsed):
        if name is not None:  # a name computed while rendering is checked by the loader then
            confined_file(folder, name)
    with _CACHE_LOCK:
        if len(_CHECKED) >= _CACHE_SIZE:
            _CHECKED.pop(next(iter(_CHECKED)))
        _CHECKED[key] = None


# --- rendering --------------------------------------------------------------------------------------

def _line_in_template(exc: BaseException, folder: Path) -> tuple[str, int]:
    """The template file and line a runtime error came from (the innermost template frame)."""
    root = str(folder)
    for frame in reversed(traceback.extract_tb(exc.__traceback__)):
        if frame.filename.startswith(root):
            return frame.filename, frame.lineno or 0
    return str(folder / TEMPLATE_FILE), 0


def _text_context(context: dict[str, Any]) -> dict[str, Any]:
    """Everything typed becomes PlainText; knowledge item bodies stay Markdown."""
    out = dict(context)
    for key in ("vars", "proposal", "company"):
        if key in out:
            out[key] = as_text(out[key])
    if isinstance(out.get("knowledge"), dict):
        out["knowledge"] = {
            section: [dataclasses.replace(item, **{f: as_text(getattr(item, f)) for f in ("id", "kind", "title",
                                                                                             "matched", "section")})
                      if dataclasses.is_dataclass(item) and not isinstance(item, type) else item for item in items]
            for section, items in out["knowledge"].items()
        }
    return out


def render_in_process(folder: Path, currency: str, context: dict[str, Any]) -> str:
    """Fill in the template here, in this process (the sandbox process bounds time and memory)."""
    check_template(folder, currency)
    env = cached_environment(folder, currency)
    path = folder / TEMPLATE_FILE
    try:
        template = env.get_template(TEMPLATE_FILE)
    except jinja2.TemplateSyntaxError as exc:  # the file changed since it was checked
        raise _syntax_error(exc, path) from None
    try:
        chunks: list[str] = []
        size = 0
        for chunk in template.generate(**_text_context(context)):
            size += len(chunk)
            if size > MAX_OUTPUT:
                raise TemplateError("template_output_too_large", file=str(path), limit=MAX_OUTPUT)
            chunks.append(chunk)
        return "".join(chunks)
    except TemplateError as exc:
        if exc.params.get("file") == "":
            exc.params["file"], exc.params["line"] = _line_in_template(exc, folder)
        raise
    except jinja2.UndefinedError as exc:
        file, line = _line_in_template(exc, folder)
        raise TemplateError(file=file, line=line, detail=f"missing value: {exc.message}") from None
    except SecurityError as exc:
        file, line = _line_in_template(exc, folder)
        raise TemplateError("template_not_allowed", file=file, line=line, detail=str(exc)) from None
    except RecursionError as exc:
        file, _line = _line_in_template(exc, folder)
        raise TemplateError("template_too_deep", file=file) from None
    except jinja2.TemplateSyntaxError as exc:  # an included file
        raise _syntax_error(exc, path) from None
    except jinja2.TemplateError as exc:
        file, line = _line_in_template(exc, folder)
        raise TemplateError(file=file, line=getattr(exc, "lineno", 0) or line, detail=str(exc)) from None
    except (TypeError, ValueError, ArithmeticError, AttributeError, KeyError, IndexError) as exc:
        file, line = _line_in_template(exc, folder)
        raise TemplateError(file=file, line=line, detail=f"{type(exc).__name__}: {exc}") from None


def render_markdown(folder: Path, currency: str, context: dict[str, Any], time_limit: float = TIME_LIMIT_S) -> str:
    """Fill in the template in the sandbox process (memory and CPU limited, kept warm between
    renders so compiled templates are reused). The context crosses to that process: its values
    must pickle (plain values, module-level dataclasses such as MatchedItem and Totals)."""
    from workbench.core.proposals.sandbox import run_in_sandbox

    result = run_in_sandbox("render", folder, time_limit, currency=currency, context=context)
    assert isinstance(result, str)
    return result
