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


def test_search_says_which_text_was_searched_for_typed_pinyin(capsys: pytest.CaptureFixture[str], home: Path,
                                                              tmp_path: Path) -> None:
    """Pinyin typed where the input method was not at hand, found nothing as words: the results
    for its Chinese reading, a line saying so and how to search the typed text instead."""
    run(capsys, home, "import", str(f.write(tmp_path / "faq.csv", f.FAQ_CSV_ZH)))
    code, out, _ = run(capsys, home, "search", "siyouhua", "bushu")
    first = out.splitlines()[0]
    assert code == 0 and first.startswith("Showing results for 私有化"), out
    assert first.endswith(" · Search instead for siyouhua bushu: add --as-typed")
    assert "能否私有化部署" in out and "\n0 found" not in out
    code, out, _ = run(capsys, home, "--lang", "zh", "search", "siyouhua", "bushu")
    assert out.startswith("以下是 私有化") and "仍然搜索 siyouhua bushu" in out and "能否私有化部署" in out
    code, out, _ = run(capsys, home, "search", "--as-typed", "siyouhua", "bushu")
    assert code == 0 and out.startswith("Did you mean: 私有化") and out.endswith("0 found\n"), out
    code, out, err = run(capsys, home, "search", "siyouhua", "bushu", "--json")
    assert [h["title"] for h in json.loads(out)] == ["能否私有化部署？"] and err.startswith("Showing results for 私有化")
    code, out, _ = run(capsys, home, "similar", "--text", "siyouhua bushu")
    assert out.startswith("Showing results for 私有化") and "能否私有化部署" in out
    code, out, _ = run(capsys, home, "search", "guomi", "SM4")  # pinyin beside a word: the word as typed
    assert out.startswith("Showing results for 国密 SM4 · ") and "是否支持国密 SM4" in out
