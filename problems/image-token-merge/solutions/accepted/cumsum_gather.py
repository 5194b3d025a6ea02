import torch


def solve(
    input_ids: torch.Tensor, text_embeds: torch.Tensor, image_embeds: torch.Tensor, image_pad_id: int
) -> torch.Tensor:
    """Number every pad position in row-major order, gather its image row, select with where."""
    is_pad = input_ids == image_pad_id
    flat = is_pad.reshape(-1)
    count = int(flat.sum())
    if count != image_embeds.shape[0]:
        raise ValueError(f"expected {count} image embeddings, got {image_embeds.shape[0]}")
    if count == 0:
        return text_embeds.clone()
    # k-th pad (0-based) in row-major order; non-pad positions get a harmless index 0.
    order = (torch.cumsum(flat.long(), dim=0) - 1).clamp_min(0)
    gathered = image_embeds[order].reshape(text_embeds.shape)  # (B, T, D)
    return torch.where(is_pad.unsqueeze(-1), gathered, text_embeds)
