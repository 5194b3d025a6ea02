import torch
import torch.nn.functional as F
from torch import nn


class ViTEmbedding(nn.Module):
    """Holds the Conv2d the contract names, but computes it as unfold + one matrix product."""

    def __init__(self, img_size: int, patch_size: int, in_chans: int, embed_dim: int) -> None:
        super().__init__()
        if patch_size <= 0 or img_size % patch_size:
            raise ValueError(f"{img_size} is not divisible by {patch_size}")
        self.patch_size = patch_size
        self.proj = nn.Conv2d(in_chans, embed_dim, patch_size, stride=patch_size, bias=True)
        self.cls_token = nn.Parameter(torch.zeros(1, 1, embed_dim))
        self.pos_embed = nn.Parameter(torch.zeros(1, (img_size // patch_size) ** 2 + 1, embed_dim))

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        p = self.patch_size
        # (B, C*p*p, N): each column one patch, flattened as (C, p, p) like the conv weight;
        # patches are visited row by row.
        cols = F.unfold(x, kernel_size=p, stride=p)
        weight = self.proj.weight.reshape(self.proj.out_channels, -1)  # (D, C*p*p)
        tokens = cols.transpose(1, 2) @ weight.T + self.proj.bias  # (B, N, D)
        cls = self.cls_token.expand(x.shape[0], -1, -1)
        return torch.cat([cls, tokens], dim=1) + self.pos_embed
