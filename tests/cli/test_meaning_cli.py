"""``workbench reindex`` also brings the vectors for matching by meaning up to date: the first
run encodes every item, the next only what changed (nothing), and a search then finds by meaning."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests import factories as f
from tests.cli.test_cli import run


def test_reindex_builds_the_vectors_once(capsys: pytest.CaptureFixture[str], home: Path, tmp_path: Path) -> None:
    run(capsys, home, "import", str(f.markdown_folder(tmp_path / "kb")), str(f.write(tmp_path / "faq.csv", f.FAQ_CSV_ZH)))
    code, out, _ = run(capsys, home, "reindex")
    assert code == 0 and "reindexed 5 items" in out
    assert "matching by meaning: 5 items encoded, 0 taken from the team's server, 5 ready" in out
    code, out, _ = run(capsys, home, "reindex")
    assert "matching by meaning: 0 items encoded, 0 taken from the team's server, 5 ready" in out
    code, out, _ = run(capsys, home, "--lang", "zh", "reindex")
    assert "语义匹配：编码 0 个条目" in out
    assert (home / "vectors" / "vectors.f16").stat().st_size > 0
    code, out, _ = run(capsys, home, "similar", "--text", "The competitor is cheaper than you", "--json")
    assert code == 0 and json.loads(out)


def test_search_says_which_hits_only_the_meaning_found(capsys: pytest.CaptureFixture[str], home: Path,
                                                       tmp_path: Path) -> None:
    run(capsys, home, "import", str(f.markdown_folder(tmp_path / "kb")), str(f.write(tmp_path / "faq.csv", f.FAQ_CSV_ZH)))
    run(capsys, home, "reindex")
    question = "本地机房能不能装，不走公有云？"  # no word in common with the English on-premise FAQ
    code, out, _ = run(capsys, home, "search", question, "--json")
    found = {h["id"]: h["found_by"] for h in json.loads(out)}
    assert code == 0 and found.get("faq-on-premise") == ["meaning"], found
    code, out, _ = run(capsys, home, "search", "Kubernetes", "--json")
    top = json.loads(out)[0]
    assert top["id"] == "faq-on-premise" and "words" in top["found_by"]
    code, out, _ = run(capsys, home, "search", question)
    assert "similar in meaning, no words in common" in out
    code, out, _ = run(capsys, home, "--lang", "zh", "search", question)
    assert "含义相近，无共同词语" in out
