import itertools
from collections import Counter


def _merge(ids: list[int], pair: tuple[int, int], new_id: int) -> list[int]:
    """One left-to-right pass: each occurrence of `pair` becomes new_id; matches never overlap."""
    out = []
    i = 0
    while i < len(ids):
        if i + 1 < len(ids) and ids[i] == pair[0] and ids[i + 1] == pair[1]:
            out.append(new_id)
            i += 2
        else:
            out.append(ids[i])
            i += 1
    return out


def train(text: str, vocab_size: int) -> list[tuple[int, int]]:
    if vocab_size < 256:
        raise ValueError("vocab_size must be at least 256 (the byte alphabet)")
    ids = list(text.encode("utf-8"))
    merges = []
    for k in range(vocab_size - 256):
        if len(ids) < 2:
            break
        # Counter(zip(...)) counts every adjacent pair (overlaps included) and keeps its
        # keys in order of first occurrence; most_common keeps that order among equal counts.
        pair = Counter(itertools.pairwise(ids)).most_common(1)[0][0]
        ids = _merge(ids, pair, 256 + k)
        merges.append(pair)
    return merges


def encode(text: str, merges: list[tuple[int, int]]) -> list[int]:
    rank = {tuple(p): i for i, p in enumerate(merges)}
    ids = list(text.encode("utf-8"))
    while len(ids) >= 2:
        # among the distinct pairs present, the one learned earliest; merging it can only
        # create pairs learned later
        present = Counter(itertools.pairwise(ids))
        pair = min(present, key=lambda p: rank.get(p, float("inf")))
        if pair not in rank:
            break
        ids = _merge(ids, pair, 256 + rank[pair])
    return ids


def decode(ids: list[int], merges: list[tuple[int, int]]) -> str:
    vocab = {i: bytes([i]) for i in range(256)}
    for i, (a, b) in enumerate(merges):
        vocab[256 + i] = vocab[a] + vocab[b]
    if any(t not in vocab for t in ids):
        raise ValueError("unknown token id")
    # join all bytes first: a character may be split across tokens
    return b"".join(vocab[t] for t in ids).decode("utf-8", errors="replace")
