"""A rebuild with worker processes (spawned, analysing the text for the one segment this process
writes) writes the index that
following the change log writes, Chinese, English and Traditional alike, with the words the
workspace's own dictionary taught the segmenter; a worker that dies leaves the index in use as it
was and says so; a main script without a ``__main__`` guard is not run again in the workers."""

from __future__ import annotations

import multiprocessing
import os
import signal
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from tests import factories as f
from tests.core.test_index_rebuild_matches_sync import _contents
from workbench.core.knowledge.model import ItemDraft, Kind
from workbench.core.search import build as build_module
from workbench.core.search import index as index_module
from workbench.core.search.build import IndexBuildError
from workbench.core.search.query import SearchRequest
from workbench.core.workspace import Workspace

ROOT = Path(__file__).resolve().parents[2]
WORD = "翠鸟云盒"  # not a word rjieba knows: cut apart unless a dictionary teaches it


def _in_workers(ws: Workspace, monkeypatch: pytest.MonkeyPatch) -> None:
    ws.index.parallel_rebuild = True
    ws.index.parallel_from = 1
    ws.index.rebuild_workers = 2
    monkeypatch.setattr(index_module, "READ_BATCH", 3)  # several batches for each worker
    # one batch per worker handed out at a time: the first batch is written (and reported) while
    # later ones are still to be analysed
    monkeypatch.setattr(build_module, "MAX_WAITING", 1)


def _fill(ws: Workspace, tmp_path: Path) -> None:
    me = ws.actor()
    ws.importer.run(me, [f.markdown_folder(tmp_path / "kb"), f.write(tmp_path / "faq.csv", f.FAQ_CSV_ZH),
                         f.write(tmp_path / "faq_en.csv", f.FAQ_CSV_EN)])
    for n, (title, body) in enumerate([
        ("資料遷移需要多久？", "伺服器資料遷移一般需要兩週，軟體授權不受影響。"),
        (f"{WORD}是否支持离线部署", f"{WORD}支持私有化部署与国密 SM4。"),
        ("Single sign-on", "SAML 2.0 and OIDC; provisioning over SCIM."),
        ("系统可用性", "承诺 99.95% 的可用性，72 小时内给出根因分析报告。"),
    ]):
        ws.knowledge.create(me, ItemDraft(kind=Kind.FAQ, slug=f"parallel-{n}", title=title, body=body, tags=("测试",)))


def test_a_rebuild_in_worker_processes_writes_what_following_the_log_wrote(
        ws: Workspace, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (ws.paths.home / "search").mkdir(parents=True, exist_ok=True)
    (ws.paths.home / "search" / "user_dict.txt").write_text(f"{WORD}\n", encoding="utf-8")
    from workbench.core.search.analysis import dictionary_paths, load_user_dictionary

    load_user_dictionary(dictionary_paths(ws.paths.home))  # as the workspace does at start
    ws.index.ensure()
    _fill(ws, tmp_path)
    ws.index.sync()
    followed = _contents(ws)
    _in_workers(ws, monkeypatch)

    workers: set[str] = set()
    # (the sentence encoder's process of an earlier test may be running too: not a builder)
    ws.index.rebuild(progress=lambda *_: workers.update(p.name for p in multiprocessing.active_children()
                                                        if p.name != "sentence-encoder"))

    rebuilt = _contents(ws)
    assert len(followed[0]) == ws.knowledge.count() >= 10
    assert rebuilt == followed
    assert any(p[0] == "content" and p[1] == WORD.encode() for p in rebuilt[1])  # the workers knew the word
    assert workers == {"search-index-builder-0", "search-index-builder-1"}
    hits = ws.search.search(SearchRequest(text="资料迁移")).hits
    assert hits and hits[0].id == "parallel-0"


def test_every_segment_a_rebuild_writes_has_its_terms_encoded_by_the_workers(
        ws: Workspace, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A large library's rebuild ends segments on the way (``SEGMENT_BYTES``): their terms are
    encoded by the workers too, not by this process while the workers wait, and batches
    analysed meanwhile go into the next segment in their order."""
    from workbench.core.search import segment_writer

    ws.index.ensure()
    _fill(ws, tmp_path)
    ws.index.sync()
    followed = _contents(ws)
    _in_workers(ws, monkeypatch)
    monkeypatch.setattr(build_module, "SEGMENT_BYTES", 2000)  # a segment every batch or two
    here: list[int] = []
    encode_here = segment_writer.encode_chunk

    def encoded_here(*job):  # type: ignore[no-untyped-def]
        here.append(1)
        return encode_here(*job)

    monkeypatch.setattr(segment_writer, "encode_chunk", encoded_here)  # this process only
    ws.index.rebuild()

    assert _contents(ws) == followed
    with ws.index.searcher() as s:
        assert len(s.reader().leaf_readers()) >= 3
    assert here == []
    hits = ws.search.search(SearchRequest(text="资料迁移")).hits
    assert hits and hits[0].id == "parallel-0"


def test_a_worker_that_dies_leaves_the_index_in_use_and_says_so(
        ws: Workspace, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    _fill(ws, tmp_path)
    ws.index.ensure()
    before = ws.index.doc_count()
    build_id = (ws.paths.index / "build-id").read_text()
    _in_workers(ws, monkeypatch)
    killed: list[int] = []

    def kill_a_worker(done: int, total: int, _note: str) -> None:
        if not killed:  # after the first batch a worker wrote: the build is under way
            worker = next(p for p in multiprocessing.active_children() if p.name.startswith("search-index-builder"))
            os.kill(worker.pid or 0, signal.SIGKILL)
            killed.append(worker.pid or 0)

    with pytest.raises(IndexBuildError, match="worker process stopped") as failed:
        ws.index.rebuild(progress=kill_a_worker)
    assert "The index in use is unchanged" in failed.value.message("en")
    assert "正在使用的索引未受影响" in failed.value.message("zh")

    assert killed
    assert (ws.paths.index / "build-id").read_text() == build_id  # not swapped
    assert not ws.paths.index.with_name(ws.paths.index.name + ".new").exists()
    assert ws.index.doc_count() == before
    assert ws.search.search(SearchRequest(text="国密")).hits
    assert not [p for p in multiprocessing.active_children() if p.name.startswith("search-index-builder")]


def test_a_script_without_a_main_guard_rebuilds_in_workers(ws: Workspace, tmp_path: Path) -> None:
    """Spawned workers would run such a script again: it opened the workspace there and waited
    for the rebuild lock its parent held, for ever."""
    _fill(ws, tmp_path)
    url, count = ws.db.url, ws.knowledge.count()
    ws.close()
    script = tmp_path / "reindex.py"
    script.write_text(textwrap.dedent(f"""
        from pathlib import Path
        from workbench.core.workspace import Workspace, WorkspaceSettings
        ws = Workspace.open(WorkspaceSettings(home=Path({str(ws.paths.home)!r}), database_url={url!r},
                                              load_demo=False, automatic_backups=False))
        ws.index.parallel_rebuild, ws.index.parallel_from = True, 1
        print("indexed", ws.index.rebuild())
        ws.close()
    """), encoding="utf-8")
    done = subprocess.run([sys.executable, str(script)], capture_output=True, text=True, timeout=300,
                          env={**os.environ, "PYTHONPATH": str(ROOT)})
    assert done.returncode == 0, done.stderr
    assert done.stdout.split() == ["indexed", str(count)]


@pytest.mark.parametrize("workers", [1, 2])
def test_a_cancelled_rebuild_keeps_the_index_in_use(
        ws: Workspace, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, workers: int) -> None:
    _fill(ws, tmp_path)
    ws.index.ensure()
    build_id = (ws.paths.index / "build-id").read_text()
    _in_workers(ws, monkeypatch)
    ws.index.rebuild_workers = workers
    asked: list[bool] = []

    def cancelled() -> bool:
        asked.append(True)
        return len(asked) > 2  # after two batches of three items were handed out

    done = ws.index.rebuild(cancelled=cancelled)

    assert done == 6 if workers == 1 else done <= 6
    assert (ws.paths.index / "build-id").read_text() == build_id
    assert not ws.paths.index.with_name(ws.paths.index.name + ".new").exists()
    assert ws.index.doc_count() == ws.knowledge.count()
    assert not [p for p in multiprocessing.active_children() if p.name.startswith("search-index-builder")]
