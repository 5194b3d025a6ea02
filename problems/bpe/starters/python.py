def train(text: str, vocab_size: int) -> list[tuple[int, int]]:
    """Byte-level BPE training on text.encode("utf-8").

    Return the merges in order: merge i is a pair (a, b) of token ids and creates id 256 + i.
    Each step counts adjacent pairs (overlaps included), takes the most frequent (ties: the
    pair whose first occurrence is earliest) and replaces it left to right without overlap.
    Stop after vocab_size - 256 merges or when fewer than 2 tokens remain.
    vocab_size < 256 -> ValueError.
    """
    raise NotImplementedError


def encode(text: str, merges: list[tuple[int, int]]) -> list[int]:
    """UTF-8 bytes of text, then merges[0], merges[1], ... applied in order; return the ids."""
    raise NotImplementedError


def decode(ids: list[int], merges: list[tuple[int, int]]) -> str:
    """Concatenate the bytes of every id and decode them as UTF-8 with errors="replace".

    An id outside [0, 256 + len(merges)) -> ValueError.
    """
    raise NotImplementedError
