"""Trusted input generator and reference module for vit-embedding."""

from __future__ import annotations

import torch
from torch import nn


def generate(
    *, seed: int, device: str, init: dict[str, int], batch: int, integers: bool = False
) -> dict[str, torch.Tensor]:
    """Images x of shape (batch, in_chans, img_size, img_size); `integers` for readable examples."""
    g = torch.Generator().manual_seed(seed)
    shape = (batch, init["in_chans"], init["img_size"], init["img_size"])
    x = torch.randint(0, 4, shape, generator=g).float() if integers else torch.randn(shape, generator=g)
    return {"x": x.to(device)}


def randomize(module: nn.Module, generator: torch.Generator) -> None:
    """Random, clearly non-zero values: the class token and every position's embedding
    differ (N(0, 1)), so a token in the wrong place or a missing addition shows."""
    with torch.no_grad():
        for name, p in module.named_parameters():
            noise = torch.randn(p.shape, generator=generator, dtype=p.dtype)
            if name in ("cls_token", "pos_embed"):
                p.copy_(noise)
            else:
                p.add_(noise * 0.1)


class ViTEmbedding(nn.Module):
    """Patchify with a strided convolution, prepend a class token, add position embeddings."""

    def __init__(self, img_size: int, patch_size: int, in_chans: int, embed_dim: int) -> None:
        super().__init__()
        if patch_size < 1 or img_size % patch_size != 0:
            raise ValueError(f"img_size={img_size} is not divisible by patch_size={patch_size}")
        self.num_patches = (img_size // patch_size) ** 2
        self.proj = nn.Conv2d(in_chans, embed_dim, kernel_size=patch_size, stride=patch_size)
        self.cls_token = nn.Parameter(torch.zeros(1, 1, embed_dim))
        self.pos_embed = nn.Parameter(torch.zeros(1, 1 + self.num_patches, embed_dim))
        nn.init.trunc_normal_(self.pos_embed, std=0.02)
        nn.init.trunc_normal_(self.cls_token, std=0.02)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        patches = self.proj(x)  # (B, D, H/p, W/p)
        patches = patches.flatten(2).transpose(1, 2)  # (B, N, D), patches in row-major order
        cls = self.cls_token.expand(x.shape[0], -1, -1)  # (B, 1, D)
        return torch.cat([cls, patches], dim=1) + self.pos_embed
