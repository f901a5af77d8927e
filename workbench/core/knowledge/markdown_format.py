"""The Markdown + YAML front matter format (documented in README): read and write."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import yaml

from workbench.core.errors import ImportRejected, WorkbenchError
from workbench.core.knowledge.model import (
    ItemDraft,
    ItemView,
    Status,
    clean_tags,
    parse_date,
    parse_kind,
    parse_status,
    slugify,
)

_FRONT = re.compile(r"\A---[ \t]*\r?\n(.*?)^---[ \t]*\r?\n?(.*)\Z", re.S | re.M)
_MAX_FRONT_MATTER = 64 * 1024
MAX_DEPTH = 32  # lists/mappings inside each other in front matter; real files use 2
KNOWN_FIELDS = (
    "id", "kind", "title", "industry", "product", "tags", "customer", "owner", "review_by", "status",
)


def _scalar(meta: dict[str, Any], name: str) -> str:
    value = meta.get(name)
    if value is None:
        return ""
    if isinstance(value, (dict, list)):
        raise ImportRejected("import_bad_field", field=name, detail="expected a single value")
    return str(value).strip()


def _check_depth(front: str) -> None:
    """Refuse front matter nested deeper than ``MAX_DEPTH`` before building it: PyYAML builds
    nested values recursively (a few thousand ``[`` end in RecursionError) and its scanner
    slows with the square of the open brackets (5,000 took 12 s). First a count of open
    brackets in the raw text (brackets inside quoted text count too: 32 unclosed ones there
    are no real field), then the parser's events, which also see nesting by indentation."""
    depth = 0
    for ch in front:
        if ch in "[{":
            depth += 1
            if depth > MAX_DEPTH:
                raise ImportRejected("import_too_deep", limit=MAX_DEPTH)
        elif ch in "]}" and depth:
            depth -= 1
    depth = 0
    for event in yaml.parse(front, Loader=yaml.SafeLoader):
        if isinstance(event, yaml.CollectionStartEvent):
            depth += 1
            if depth > MAX_DEPTH:
                raise ImportRejected("import_too_deep", limit=MAX_DEPTH)
        elif isinstance(event, yaml.CollectionEndEvent):
            depth -= 1


def parse_markdown(text: str, file_stem: str) -> ItemDraft:
    match = _FRONT.match(text.lstrip("\ufeff"))
    if match is None:
        raise ImportRejected("import_no_front_matter")
    front, body = match.group(1), match.group(2)
    if len(front) > _MAX_FRONT_MATTER:
        raise ImportRejected("import_bad_front_matter", detail="front matter over 64 KB")
    try:
        _check_depth(front)
        meta = yaml.safe_load(front)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f"line {mark.line + 2}: " if mark is not None else ""
        raise ImportRejected(
            "import_bad_front_matter", detail=where + str(getattr(exc, "problem", exc))
        ) from None
    if not isinstance(meta, dict):
        raise ImportRejected("import_front_matter_not_mapping")
    meta = {str(k).strip().lower(): v for k, v in meta.items()}
    try:
        kind = parse_kind(_scalar(meta, "kind") or "")
        status = parse_status(_scalar(meta, "status")) if meta.get("status") else Status.PUBLISHED
        review_by = parse_date(meta.get("review_by"))
    except WorkbenchError as exc:
        raise ImportRejected(
            "import_bad_field", field=_field_of(exc.code), detail=exc.message("en")
        ) from None
    tags = meta.get("tags")
    if isinstance(tags, list) and any(isinstance(t, (list, dict)) for t in tags):
        raise ImportRejected("import_bad_field", field="tags", detail="tags must be words")
    title = _scalar(meta, "title")
    if not title:
        raise ImportRejected("import_bad_field", field="title", detail="missing")
    if not body.strip():
        raise ImportRejected("import_no_body")
    slug = _scalar(meta, "id") or slugify(file_stem)
    return ItemDraft(
        kind=kind,
        title=title,
        body=body,
        slug=slug,
        industry=_scalar(meta, "industry"),
        product=_scalar(meta, "product"),
        tags=tuple(clean_tags(tags)),
        customer=_scalar(meta, "customer"),
        owner=_scalar(meta, "owner"),
        status=status,
        review_by=review_by,
    )


def _field_of(code: str) -> str:
    return {"invalid_kind": "kind", "invalid_status": "status", "invalid_date": "review_by"}.get(code, "?")


def _yaml_value(value: object) -> str:
    dumped = yaml.safe_dump(value, allow_unicode=True, default_flow_style=True, width=1 << 30)
    dumped = dumped.strip()
    if dumped.endswith("\n..."):
        dumped = dumped[: -len("\n...")]
    elif dumped.endswith("..."):
        dumped = dumped[:-3].strip()
    return dumped


def format_markdown(item: ItemView | ItemDraft) -> str:
    fields: list[tuple[str, object]] = [("id", item.slug), ("kind", item.kind.value), ("title", item.title)]
    for name in ("industry", "product"):
        if getattr(item, name):
            fields.append((name, getattr(item, name)))
    if item.tags:
        fields.append(("tags", list(item.tags)))
    for name in ("customer", "owner"):
        if getattr(item, name):
            fields.append((name, getattr(item, name)))
    if item.review_by:
        fields.append(("review_by", item.review_by))
    if item.status is not Status.PUBLISHED:
        fields.append(("status", item.status.value))
    front = "".join(f"{name}: {_yaml_value(value)}\n" for name, value in fields)
    return f"---\n{front}---\n{item.body}\n"


def export_path(folder: Path, item: ItemView) -> Path:
    return folder / f"{item.kind.value}s" / f"{item.slug}.md"
