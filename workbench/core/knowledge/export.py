"""Write the knowledge base out as Markdown files in the import format (a lossless round trip)."""

from __future__ import annotations

from pathlib import Path

from workbench.core.knowledge.markdown_format import export_path, format_markdown
from workbench.core.knowledge.model import ItemFilter
from workbench.core.knowledge.service import KnowledgeService


def export_markdown(knowledge: KnowledgeService, folder: Path, include_archived: bool = True) -> list[Path]:
    written: list[Path] = []
    for item in knowledge.items(ItemFilter(include_archived=include_archived)):
        target = export_path(folder, item)
        target.parent.mkdir(parents=True, exist_ok=True)
        tmp = target.with_name(target.name + ".tmp")
        tmp.write_text(format_markdown(item), encoding="utf-8")
        tmp.replace(target)
        written.append(target)
    return written
