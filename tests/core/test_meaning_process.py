"""The sentence encoder in a process of its own (the desktop app's): the same vectors as the
encoder in this process, a query sent ahead is waiting when the vector leg asks for it, a
process that dies or cannot answer leaves the encoding to this process, and a workspace opened
as the app opens it answers searches and "similar to a requirement" exactly as before."""

from __future__ import annotations

import dataclasses
import logging
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import numpy as np
import pytest

from tests.backends import Backend, Templates, copy_home
from workbench.core.knowledge.model import ItemDraft, Kind
from workbench.core.meaning.encoder import UniversalSentenceEncoder
from workbench.core.meaning.encoder_process import EncoderFailed, EncoderProcess
from workbench.core.search.query import SearchRequest
from workbench.core.workspace import Workspace

TEXTS = ["私有化部署", "數據血緣", "vendor lock-in", "", "本项目要求投标人提供私有化部署方案，系统须支持国产操作系统。" * 12]


@pytest.fixture(scope="module")
def here() -> UniversalSentenceEncoder:
    return UniversalSentenceEncoder()


@pytest.fixture
def beside() -> Iterator[EncoderProcess]:
    encoder = EncoderProcess()
    yield encoder
    encoder.close()


def test_the_process_gives_the_same_vectors_and_the_model_stays_out_of_this_process(
        here: UniversalSentenceEncoder, beside: EncoderProcess) -> None:
    got = beside.encode(TEXTS)
    # the same code on the same floats (a matrix product's last bit depends on where its
    # operands lie in memory: equal within float32's rounding, as in test_meaning.py)
    assert np.allclose(got, here.encode(TEXTS), atol=1e-6)
    assert beside.stats["sent"] == 1 and beside.stats["here"] == 0
    assert beside._model is None  # the weights and the tokenizer live in the other process
    assert beside.pid is not None and beside._proc.is_alive()
    again = beside.encode(TEXTS[:2])  # from the cache here: nothing sent
    assert np.array_equal(again, got[:2]) and beside.stats["sent"] == 1


def test_a_query_sent_ahead_is_waiting_when_asked_for(here: UniversalSentenceEncoder,
                                                      beside: EncoderProcess) -> None:
    beside.encode(["warm"])  # the process's start is not what this test is about
    query = TEXTS[-1][:400]
    beside.prefetch(query)
    beside.prefetch(query)  # asked twice while it runs: sent once
    assert beside.stats["prefetched"] == 1
    vector = beside.encode([query])
    assert beside.stats["prefetch_used"] == 1 and beside.stats["sent"] == 1  # only "warm" was sent by encode
    assert np.allclose(vector, here.encode([query]), atol=1e-6)
    # sent ahead and never asked for (the search answered without the vector leg): the next
    # encode takes its answer out of the pipe first, so answers never cross
    beside.prefetch("another query")
    other = beside.encode(["报价"])
    assert np.allclose(other, here.encode(["报价"]), atol=1e-6)
    assert np.allclose(beside.encode(["another query"]), here.encode(["another query"]), atol=1e-6)
    assert beside.stats["sent"] == 2


def test_a_process_that_dies_leaves_the_encoding_to_this_one(here: UniversalSentenceEncoder, beside: EncoderProcess,
                                                             caplog: pytest.LogCaptureFixture) -> None:
    beside.encode(["warm"])
    beside._proc.kill()
    beside._proc.join()
    with caplog.at_level(logging.WARNING, logger="workbench.core.meaning.encoder_process"):
        vectors = beside.encode(TEXTS)
    assert np.allclose(vectors, here.encode(TEXTS), atol=1e-6)
    assert beside.stats["here"] == 1
    assert "encoding in this process from now on" in caplog.text
    beside.prefetch("nothing is sent to a dead process")
    assert beside.stats["prefetched"] == 0 and beside._conn is None


def test_a_process_that_stops_answering_is_given_up(monkeypatch: pytest.MonkeyPatch, here: UniversalSentenceEncoder,
                                                    beside: EncoderProcess) -> None:
    beside.encode(["warm"])
    monkeypatch.setattr("workbench.core.meaning.encoder_process.ANSWER_TIMEOUT_S", 0.5)
    proc = beside._proc
    import os
    import signal

    os.kill(proc.pid, signal.SIGSTOP)  # alive, but answering nothing
    try:
        vectors = beside.encode(["报价"])  # waits ANSWER_TIMEOUT_S, then encodes here
    finally:
        if proc.is_alive():
            os.kill(proc.pid, signal.SIGCONT)
    assert np.allclose(vectors, here.encode(["报价"]), atol=1e-6)
    assert not proc.is_alive()  # given up: ended, not left behind


def test_a_text_the_process_cannot_encode_fails_like_here(tmp_path: Path) -> None:
    # the app logs to a file: the encoder's process writes its traceback there too
    log_file = tmp_path / "workbench.log"
    handler = logging.FileHandler(log_file, encoding="utf-8")
    logging.getLogger().addHandler(handler)
    try:
        beside = EncoderProcess()
        beside.start()  # told the log's files as it starts
    finally:
        logging.getLogger().removeHandler(handler)
        handler.close()
    beside.encode(["warm"])
    conn = beside._conn
    assert conn is not None
    conn.send(["a", 1])  # not a text: the process's encoder raises, as it would here
    with pytest.raises(EncoderFailed):
        beside._answer()
    assert beside._proc.is_alive()  # one text's failure does not end the process
    assert beside.encode(["报价"]).shape == (1, beside.dim)
    beside.close()
    logged = log_file.read_text(encoding="utf-8")
    assert "ERROR" in logged and "encoding 2 texts failed" in logged and "Traceback" in logged


@pytest.fixture(scope="module")
def demo_home(templates: Templates, tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Backend, object]]:
    backend = Backend("sqlite", None)
    home = copy_home(templates, backend, True, tmp_path_factory.mktemp("meaning-process") / "home")
    yield backend, home
    backend.cleanup()


QUERIES = ["How many agents can the call center support concurrently?", "SOC 2 审计报告", "冰箱温度异常",
           "报价", "等保三级", "合同结束后如何取回数据",
           "本项目要求投标人提供私有化部署方案，数据在客户机房内存储，不得传输至公有云，支持国密算法。"]


def _answers(ws: Workspace) -> list[object]:
    ws.search.cache_size = 0
    out: list[object] = []
    for q in QUERIES:
        results = ws.search.search(SearchRequest(text=q, per_page=10))
        out.append([(h.id, h.found_by) for h in results.hits])
        out.append([round(h.score, 4) for h in results.hits])
        out.append([(h.id, h.found_by) for h in ws.search.similar(text=q, limit=10)])
    return out


def test_the_app_s_workspace_answers_as_before(demo_home: tuple[Backend, object]) -> None:
    backend, home = demo_home
    settings = backend.settings(home)
    with Workspace.open(settings) as ws:
        ws.index.ensure()
        ws.meaning.sync()
        before = _answers(ws)
    with Workspace.open(dataclasses.replace(settings, encoder_process=True)) as ws:
        encoder = ws.meaning.vectors.encoder
        assert isinstance(encoder, EncoderProcess) and encoder.pid is not None  # started at open
        encoder.forget()
        after = _answers(ws)
        # each query's encoding ran beside its words, but the first: the vectors are read by its
        # vector leg, after the words (no vectors known, nothing is encoded ahead)
        assert encoder.stats["prefetch_used"] >= len(QUERIES) - 1
        assert encoder._model is None
        assert ws.meaning.ahead is None  # asked at once: nothing found ahead in a thread
    assert after == before


def _wait(condition: Callable[[], bool], seconds: float = 30.0) -> bool:
    deadline = time.monotonic() + seconds
    while not condition():
        if time.monotonic() > deadline:
            return False
        time.sleep(0.01)
    return True


def test_a_search_expected_while_typing_finds_its_vector_leg_done(demo_home: tuple[Backend, object]) -> None:
    """The Search screen tells the workspace what is being typed (``expect``) before its typing
    pause is over: the encoding runs meanwhile in the encoder's process, the vectors are searched
    with it in a thread of this one (ahead.py), and the search then finds its vector leg done:
    nothing sent to encode, nothing searched again."""
    backend, home = demo_home
    with Workspace.open(dataclasses.replace(backend.settings(home), encoder_process=True)) as ws:
        ws.index.ensure()
        ws.meaning.sync()
        encoder = ws.meaning.vectors.encoder
        assert isinstance(encoder, EncoderProcess)
        encoder.forget()
        before = dict(encoder.stats)  # the app's one encoder: counted since the tests before

        def count(name: str) -> int:
            return encoder.stats[name] - before[name]

        request = SearchRequest(text=QUERIES[-1], per_page=10)
        ws.search.expect(request)
        assert count("prefetched") == 1
        ahead = ws.meaning.ahead
        assert ahead is not None
        assert _wait(lambda: ahead.stats["found"] == 1)  # during the "typing pause"
        sent = encoder.stats["sent"]
        hits = ws.search.search(request).hits
        assert hits and count("prefetch_used") == 1 and encoder.stats["sent"] == sent
        assert ahead.stats["used"] == 1
        assert any("meaning" in h.found_by for h in hits)
        # the same for a pasted requirement, before "Similar to a requirement" is asked
        ws.search.expect_similar(QUERIES[0])
        assert count("prefetched") == 2
        assert _wait(lambda: ahead.stats["found"] == 2)
        assert ws.search.similar_to(QUERIES[0], limit=5).hits
        assert count("prefetch_used") == 2 and ahead.stats["used"] == 2
        # nothing to start ahead: a date-ordered list has no vector leg, an empty box no query
        ws.search.expect(SearchRequest(text="报价单", sort="date"))
        ws.search.expect(SearchRequest(text="  "))
        assert count("prefetched") == 2


def test_an_answer_found_ahead_is_not_used_once_the_vectors_changed(demo_home: tuple[Backend, object]) -> None:
    """An item saved while the person paused: the answer found ahead was found without it, so
    the search finds its vector leg again and the new item is in it. A search asked at once
    finds its vector leg after its keyword search, not in the thread."""
    backend, home = demo_home
    with Workspace.open(dataclasses.replace(backend.settings(home), encoder_process=True)) as ws:
        ws.index.ensure()
        ws.meaning.sync()
        question = "机房断电以后系统多久能恢复？"
        request = SearchRequest(text=question, per_page=10)
        ws.search.expect(request)
        ahead = ws.meaning.ahead
        assert ahead is not None and _wait(lambda: ahead.stats["found"] == 1)
        slug = "faq-power-outage-recovery"
        ws.knowledge.create(ws.actor(), ItemDraft(kind=Kind.FAQ, slug=slug, title="机房停电后的恢复时间",
                                                  body="供电恢复后 15 分钟内自动拉起全部服务，数据零丢失。"))
        ws.index.sync()
        ws.meaning.sync()
        hit = next(h for h in ws.search.search(request).hits if h.id == slug)
        assert "meaning" in hit.found_by  # found again, on the vectors that hold the new item
        assert ahead.stats["found"] == 1 and ahead.stats["used"] == 0
        # typed over before it was started: only the newest text is worked on
        for text in ("机房", "机房断电", question + "？"):
            ws.search.expect(SearchRequest(text=text, per_page=10))
        assert _wait(lambda: ahead._done is not None and ahead._done[0] == question + "？")
        ws.knowledge.archive(ws.actor(), slug)
