import torch
from torch import nn


class ViTEmbedding(nn.Module):
    """Patch embedding, class token and position embeddings of a Vision Transformer."""

    def __init__(self, img_size: int, patch_size: int, in_chans: int, embed_dim: int) -> None:
        super().__init__()
        # img_size not divisible by patch_size -> ValueError
        # proj: nn.Conv2d(in_chans, embed_dim, kernel_size=patch_size, stride=patch_size)
        # cls_token: nn.Parameter (1, 1, embed_dim)
        # pos_embed: nn.Parameter (1, 1 + (img_size // patch_size) ** 2, embed_dim)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        """(B, in_chans, img_size, img_size) -> (B, 1 + N, embed_dim): [cls; patches row-major] + pos_embed."""
        raise NotImplementedError("embed the patches, prepend the class token, add the positions")
