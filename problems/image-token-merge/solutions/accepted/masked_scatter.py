import torch


def solve(
    input_ids: torch.Tensor, text_embeds: torch.Tensor, image_embeds: torch.Tensor, image_pad_id: int
) -> torch.Tensor:
    """masked_scatter fills the True positions of the mask, in row-major order, from image_embeds."""
    is_pad = input_ids == image_pad_id  # (B, T)
    n_pads = int(is_pad.sum())
    if n_pads != image_embeds.shape[0]:
        raise ValueError(f"{n_pads} image pads, but {image_embeds.shape[0]} image embeddings")
    # The mask must broadcast to text_embeds: (B, T, 1) -> (B, T, D). masked_scatter
    # is out of place, so text_embeds itself is untouched.
    return text_embeds.masked_scatter(is_pad.unsqueeze(-1), image_embeds)
