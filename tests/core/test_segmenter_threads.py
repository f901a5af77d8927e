"""Segmenting in one thread while another teaches the segmenter words (a workspace opening its
data folder's dictionary while the index syncs): neither fails. rjieba lets go of the GIL while it
segments, and an added word during that failed with "Already borrowed"."""

from __future__ import annotations

import threading
from pathlib import Path

from workbench.core.search.analysis import load_user_dictionary, tokenize

TEXT = "平台须支持私有化部署，满足等保三级要求，提供国密算法加密与数据血缘分析。" * 400


def test_words_added_while_other_threads_segment(tmp_path: Path) -> None:
    words = tmp_path / "user_dict.txt"
    words.write_text("\n".join(f"测试词{n}" for n in range(300)), encoding="utf-8")
    failures: list[BaseException] = []
    stop = threading.Event()

    def segment() -> None:
        try:
            while not stop.is_set():
                assert tokenize(TEXT, "search")
        except BaseException as exc:  # reported below
            failures.append(exc)

    threads = [threading.Thread(target=segment) for _ in range(3)]
    for thread in threads:
        thread.start()
    try:
        for _ in range(30):
            assert load_user_dictionary([words]) == 300
    finally:
        stop.set()
        for thread in threads:
            thread.join(30)
    assert failures == []
    assert ("测试词7", 0, 4) in tokenize("测试词7", "default")
