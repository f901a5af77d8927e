"""Fill unfinished entries of the zh_CN .ts file from a JSON {source: translation} map.

Usage: python scripts/fill_translations.py map.json && bash scripts/update-translations
Lists any source text that is still unfinished afterwards.
"""
from __future__ import annotations

import json
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

TS = Path(__file__).resolve().parent.parent / "resources" / "translations" / "workbench_zh_CN.ts"


def main(argv: list[str]) -> int:
    table: dict[str, str] = json.loads(Path(argv[1]).read_text(encoding="utf-8")) if len(argv) > 1 else {}
    tree = ET.parse(TS)
    left = []
    for message in tree.iter("message"):
        source = message.findtext("source") or ""
        translation = message.find("translation")
        if translation is None or translation.get("type") != "unfinished":
            continue
        if source in table:
            translation.text = table[source]
            del translation.attrib["type"]
        else:
            left.append(source)
    ET.indent(tree, space="    ")
    body = ET.tostring(tree.getroot(), encoding="unicode")
    TS.write_text('<?xml version="1.0" encoding="utf-8"?>\n<!DOCTYPE TS>\n' + body + "\n", encoding="utf-8")
    for source in left:
        print("unfinished:", source)
    return 1 if left else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
