import torch
from torch import nn


class ViTEmbedding(nn.Module):
    """Cuts the image into patches with reshape/permute, then applies the conv weight as a matrix."""

    def __init__(self, img_size: int, patch_size: int, in_chans: int, embed_dim: int) -> None:
        super().__init__()
        if img_size % patch_size:
            raise ValueError("patch_size must divide img_size")
        self.grid = img_size // patch_size
        self.patch = patch_size
        self.proj = nn.Conv2d(in_chans, embed_dim, kernel_size=patch_size, stride=patch_size)
        self.cls_token = nn.Parameter(torch.zeros(1, 1, embed_dim))
        self.pos_embed = nn.Parameter(torch.zeros(1, self.grid * self.grid + 1, embed_dim))

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        b, c, _, _ = x.shape
        g, p = self.grid, self.patch
        # (B, C, g, p, g, p) -> (B, g, g, C, p, p): patch (i, j) with its pixels in conv-weight order
        patches = x.reshape(b, c, g, p, g, p).permute(0, 2, 4, 1, 3, 5).reshape(b, g * g, c * p * p)
        w = self.proj.weight.reshape(self.proj.weight.shape[0], -1)
        tokens = torch.addmm(self.proj.bias, patches.reshape(-1, c * p * p), w.t()).reshape(b, g * g, -1)
        return torch.cat([self.cls_token.expand(b, -1, -1), tokens], dim=1) + self.pos_embed
