import itertools


def train(text, vocab_size):
    """Count pairs in a plain dict (insertion order = first occurrence), pick the first
    pair with the highest count, merge it, repeat."""
    if vocab_size < 256:
        raise ValueError(f"vocab_size {vocab_size} < 256")
    seq = list(text.encode("utf-8"))
    merges = []
    next_id = 256
    while next_id < vocab_size and len(seq) > 1:
        counts = {}
        for pair in itertools.pairwise(seq):
            counts[pair] = counts.get(pair, 0) + 1
        best, best_count = None, 0
        for pair, c in counts.items():  # strictly greater: an earlier pair wins ties
            if c > best_count:
                best, best_count = pair, c
        merged, i = [], 0
        while i < len(seq):
            if i < len(seq) - 1 and (seq[i], seq[i + 1]) == best:
                merged.append(next_id)
                i += 2
            else:
                merged.append(seq[i])
                i += 1
        seq = merged
        merges.append(best)
        next_id += 1
    return merges


def encode(text, merges):
    """Apply the merges one by one in the order they were learned."""
    seq = list(text.encode("utf-8"))
    for offset, (a, b) in enumerate(merges):
        new, merged, i = 256 + offset, [], 0
        while i < len(seq):
            if i + 1 < len(seq) and seq[i] == a and seq[i + 1] == b:
                merged.append(new)
                i += 2
            else:
                merged.append(seq[i])
                i += 1
        seq = merged
    return seq


def decode(ids, merges):
    """Expand every id into bytes through the merge table, then decode once."""
    size = 256 + len(merges)
    pieces = [bytes([b]) for b in range(256)]
    for a, b in merges:
        pieces.append(pieces[a] + pieces[b])
    out = bytearray()
    for t in ids:
        if t < 0 or t >= size:
            raise ValueError(f"id {t} outside [0, {size})")
        out += pieces[t]
    return bytes(out).decode("utf-8", errors="replace")
