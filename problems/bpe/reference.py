"""Trusted input generators and references for bpe (train, encode, decode).

Plain Python: texts are str, merges are lists of (int, int) tuples, ids are lists of
int. Texts come from a small built-in word list (English words plus accented, Greek,
Japanese, Chinese and emoji words) drawn with Zipf-like weights, so pair counts behave
like those of real text and every non-ASCII width of UTF-8 appears.
"""

from __future__ import annotations

import itertools
import random
from collections import Counter

_WORDS = (  # noqa: SIM905 - a list of common words reads best as one running text
    "the of and to in is was that for it with as his on be at by had are but from or have an "
    "they which one you were her all she there would their we him been has when who will more no "
    "if out so said what up its about into than them can only other new some could time these two "
    "may then do first any my now such like our over man me even most made after also did many "
    "before must through back years where much your way well down should because each just those "
    "people how too little state good very make world still own see men work long get here between "
    "both life being under never day same another know while last might us great old year off come "
    "since against go came right used take three"
).split()
_EXTRA = ["café", "naïve", "Zürich", "crème", "ñandú", "Ελλάδα", "東京", "日本語", "中文", "😀", "🎉", "👍🏽"]
ALL_WORDS = _WORDS + _EXTRA
WEIGHTS = [1.0 / (i + 1) for i in range(len(ALL_WORDS))]


def corpus(seed: int, n_bytes: int) -> str:
    """About n_bytes of UTF-8 text (never more), deterministic in seed."""
    rng = random.Random(seed)
    out: list[str] = []
    size = 0
    while True:
        for word in rng.choices(ALL_WORDS, WEIGHTS, k=max(16, (n_bytes - size) // 5)):
            step = len(word.encode("utf-8")) + (1 if out else 0)
            if size + step > n_bytes:
                return " ".join(out)
            out.append(word)
            size += step


def _text(seed: int, text: str | None, n_bytes: int | None) -> str:
    if text is not None:
        return text
    assert n_bytes is not None, "give text or n_bytes"
    return corpus(seed, n_bytes)


def _merge(ids: list[int], pair: tuple[int, int], new_id: int) -> list[int]:
    """Replace the occurrences of `pair` left to right, without overlap, by new_id."""
    a, b = pair
    out: list[int] = []
    i, n = 0, len(ids)
    while i < n:
        if ids[i] == a and i + 1 < n and ids[i + 1] == b:
            out.append(new_id)
            i += 2
        else:
            out.append(ids[i])
            i += 1
    return out


# -- train ---------------------------------------------------------------------------
def generate_train(
    *, seed: int, device: str, vocab_size: int, text: str | None = None, n_bytes: int | None = None
) -> dict[str, str | int]:
    return {"text": _text(seed, text, n_bytes), "vocab_size": vocab_size}


def reference_train(text: str, vocab_size: int) -> list[tuple[int, int]]:
    """Byte-level BPE: most frequent adjacent pair (overlaps counted), ties to the pair seen first."""
    if vocab_size < 256:
        raise ValueError(f"vocab_size must be at least 256, got {vocab_size}")
    ids = list(text.encode("utf-8"))
    merges: list[tuple[int, int]] = []
    for i in range(vocab_size - 256):
        if len(ids) < 2:
            break
        counts = Counter(itertools.pairwise(ids))  # keys in order of first occurrence
        pair = max(counts, key=counts.__getitem__)  # max keeps the first of equal counts
        ids = _merge(ids, pair, 256 + i)
        merges.append(pair)
    return merges


# -- encode --------------------------------------------------------------------------
def generate_encode(
    *,
    seed: int,
    device: str,
    vocab_size: int,
    text: str | None = None,
    n_bytes: int | None = None,
    train_text: str | None = None,
    train_bytes: int | None = None,
    merges: list[list[int]] | None = None,
) -> dict[str, object]:
    """A text to encode and merges trained on train_text (default: the text itself),
    or the literal `merges` given (to test the rank order)."""
    target = _text(seed, text, n_bytes)
    if merges is not None:
        return {"text": target, "merges": [(a, b) for a, b in merges]}
    source = target if train_text is None and train_bytes is None else _text(seed + 1, train_text, train_bytes)
    return {"text": target, "merges": reference_train(source, vocab_size)}


def reference_encode(text: str, merges: list[tuple[int, int]]) -> list[int]:
    """Repeatedly merge the present pair learned earliest (the same as replaying the merges
    in rank order: merging pair i only creates pairs that contain 256 + i, and every merge
    involving that token was learned after i)."""
    rank = {(a, b): i for i, (a, b) in enumerate(merges)}
    ids = list(text.encode("utf-8"))
    while len(ids) >= 2:
        pair = min(set(itertools.pairwise(ids)), key=lambda p: rank.get(p, len(rank)))
        if pair not in rank:
            break
        ids = _merge(ids, pair, 256 + rank[pair])
    return ids


# -- decode --------------------------------------------------------------------------
def generate_decode(
    *,
    seed: int,
    device: str,
    vocab_size: int,
    text: str | None = None,
    n_bytes: int | None = None,
    train_text: str | None = None,
    drop_last_bytes: int = 0,
    raw_ids: list[int] | None = None,
    repeat: int = 1,
) -> dict[str, object]:
    """ids that encode a text with merges trained on train_text (default: the text),
    optionally minus the text's last bytes (invalid UTF-8), or `raw_ids` as given.
    `repeat` concatenates the ids that many times: a long input that stays cheap to make."""
    target = _text(seed, text, n_bytes)
    merges = reference_train(target if train_text is None else train_text, vocab_size)
    if raw_ids is not None:
        ids = list(raw_ids)
    elif drop_last_bytes:
        ids = list(target.encode("utf-8"))[:-drop_last_bytes]
    else:
        ids = reference_encode(target, merges)
    return {"ids": ids * repeat, "merges": merges}


def reference_decode(ids: list[int], merges: list[tuple[int, int]]) -> str:
    """Concatenate every token's bytes, then decode UTF-8 once (errors="replace")."""
    table = [bytes([b]) for b in range(256)]
    for a, b in merges:
        table.append(table[a] + table[b])
    for t in ids:
        if not 0 <= t < len(table):
            raise ValueError(f"token id {t} is not in the vocabulary of {len(table)} tokens")
    return b"".join(table[t] for t in ids).decode("utf-8", errors="replace")
