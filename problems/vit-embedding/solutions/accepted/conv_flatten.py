import torch
from torch import nn


class ViTEmbedding(nn.Module):
    def __init__(self, img_size: int, patch_size: int, in_chans: int, embed_dim: int) -> None:
        super().__init__()
        if img_size % patch_size != 0:
            raise ValueError("img_size must be a multiple of patch_size")
        n = (img_size // patch_size) ** 2
        # kernel = stride = patch: each output pixel is one patch's linear embedding
        self.proj = nn.Conv2d(in_chans, embed_dim, kernel_size=patch_size, stride=patch_size)
        self.cls_token = nn.Parameter(torch.zeros(1, 1, embed_dim))
        self.pos_embed = nn.Parameter(torch.randn(1, n + 1, embed_dim) * 0.02)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        b = x.shape[0]
        grid = self.proj(x)  # (B, D, h, w)
        tokens = grid.flatten(start_dim=2).transpose(1, 2)  # (B, h*w, D): row by row
        cls = self.cls_token.expand(b, 1, -1)
        return torch.cat((cls, tokens), dim=1) + self.pos_embed  # pos broadcasts over B
