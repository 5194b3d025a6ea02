# expect: TOO_SLOW
import torch
from torch import nn


class ViTEmbedding(nn.Module):
    """Correct, but embeds one patch of one image per Python iteration."""

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
        weight = self.proj.weight.reshape(self.proj.weight.shape[0], -1)
        rows = []
        for n in range(b):
            tokens = [self.cls_token[0, 0]]
            for i in range(h // p):
                for j in range(w // p):
                    patch = x[n, :, i * p : (i + 1) * p, j * p : (j + 1) * p].reshape(-1)
                    tokens.append(weight @ patch + self.proj.bias)
            rows.append(torch.stack(tokens))
        return torch.stack(rows) + self.pos_embed
