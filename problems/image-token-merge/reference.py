"""Trusted input generator and reference for image-token-merge."""

from __future__ import annotations

import torch

VOCAB = 1000  # ordinary text ids are drawn from [0, VOCAB), never equal to the pad id


def generate(
    *,
    seed: int,
    device: str,
    batch: int,
    time: int,
    dim: int,
    layout: str = "random",
    pad_frac: float = 0.25,
    pad_id: int = 151655,
    extra_images: int = 0,
    integers: bool = False,
) -> dict[str, torch.Tensor | int]:
    """input_ids (batch, time) with some positions equal to pad_id, embeddings to merge.

    layout: "random" (each position is a pad with probability pad_frac), "blocks" (one
    run of pads per row, of random length and start, as a vision-language prompt puts
    them between its vision markers), "none", "all", or "last_row" (pads only in the
    last row). `extra_images` adds (or, negative, removes) rows of image_embeds so
    that their number differs from the pad count (a ValueError test). `integers`
    draws small whole numbers for readable examples.
    """
    g = torch.Generator().manual_seed(seed)
    ids = torch.randint(0, VOCAB, (batch, time), generator=g)
    ids = torch.where(ids == pad_id, ids + 1, ids)  # an ordinary id never equals the pad id
    if layout == "random":
        pads = torch.rand(batch, time, generator=g) < pad_frac
    elif layout == "blocks":
        pads = torch.zeros(batch, time, dtype=torch.bool)
        for b in range(batch):
            length = int(torch.randint(0, time + 1, (1,), generator=g))
            start = int(torch.randint(0, time - length + 1, (1,), generator=g))
            pads[b, start : start + length] = True
    elif layout == "none":
        pads = torch.zeros(batch, time, dtype=torch.bool)
    elif layout == "all":
        pads = torch.ones(batch, time, dtype=torch.bool)
    elif layout == "last_row":
        pads = torch.zeros(batch, time, dtype=torch.bool)
        pads[-1] = torch.rand(time, generator=g) < 0.5
        pads[-1, 0] = True
    else:
        raise ValueError(f"unknown layout {layout!r}")
    ids = ids.masked_fill(pads, pad_id)
    n_images = max(0, int(pads.sum()) + extra_images)
    if integers:
        text = torch.randint(-9, 10, (batch, time, dim), generator=g).float()
        images = torch.randint(100, 200, (n_images, dim), generator=g).float()
    else:
        text = torch.randn(batch, time, dim, generator=g)
        images = torch.randn(n_images, dim, generator=g) * 2.0 + 5.0  # told apart from text at a glance
    return {
        "input_ids": ids.to(device),
        "text_embeds": text.to(device),
        "image_embeds": images.to(device),
        "image_pad_id": pad_id,
    }


def reference(
    input_ids: torch.Tensor, text_embeds: torch.Tensor, image_embeds: torch.Tensor, image_pad_id: int
) -> torch.Tensor:
    """A copy of text_embeds whose pad positions take the image rows in row-major order."""
    mask = input_ids == image_pad_id
    n_pads = int(mask.sum())
    if image_embeds.shape[0] != n_pads:
        raise ValueError(f"{n_pads} <image_pad> positions but {image_embeds.shape[0]} image embeddings")
    out = text_embeds.clone()
    out[mask] = image_embeds  # boolean indexing visits positions in row-major order
    return out
