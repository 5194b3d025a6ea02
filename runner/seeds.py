"""Seeds of generated inputs: visible examples are stable, hidden tests are secret."""

from __future__ import annotations

import hashlib


def hidden_seed(secret: bytes, slug: str, entry: str, test: str, seed: int) -> int:
    """A seed no submission can predict without the install's secret."""
    digest = hashlib.sha256(b"\0".join([secret, slug.encode(), entry.encode(), test.encode(), str(seed).encode()]))
    return int.from_bytes(digest.digest()[:6], "little")


def timing_seed(seed: int, k: int) -> int:
    """The k-th extra input set for timing, distinct from the checked one."""
    return (seed * 1_000_003 + 7919 * (k + 1)) % (1 << 48)
