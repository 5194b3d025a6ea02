# expect: WRONG_ANSWER
import torch
from torch import nn


class ViTEmbedding(nn.Module):
    """Flattens each patch as (p, p, C), the way many tutorials cut patches for an nn.Linear,
    but multiplies by the conv weight, whose layout is (C, p, p)."""

    def __init__(self, img_size: int, patch_size: int, in_chans: int, embed_dim: int) -> None:
        super().__init__()
        if img_size % patch_size != 0:
            raise ValueError("img_size must be a multiple of patch_size")
        n = (img_size // patch_size) ** 2
        self.patch = patch_size
        self.proj = nn.Conv2d(in_chans, embed_dim, kernel_size=patch_size, stride=patch_size)
        self.cls_token = nn.Parameter(torch.zeros(1, 1, embed_dim))
        self.pos_embed = nn.Parameter(torch.zeros(1, n + 1, embed_dim))

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        b, c, h, w = x.shape
        p = self.patch
        patches = x.reshape(b, c, h // p, p, w // p, p).permute(0, 2, 4, 3, 5, 1)  # (B, h, w, p, p, C)
        patches = patches.reshape(b, (h // p) * (w // p), p * p * c)
        weight = self.proj.weight.reshape(self.proj.weight.shape[0], -1)  # (D, C*p*p)
        tokens = patches @ weight.T + self.proj.bias
        cls = self.cls_token.expand(b, -1, -1)
        return torch.cat([cls, tokens], dim=1) + self.pos_embed
