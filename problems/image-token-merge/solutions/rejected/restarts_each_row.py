# expect: WRONG_ANSWER
import torch


def solve(
    input_ids: torch.Tensor, text_embeds: torch.Tensor, image_embeds: torch.Tensor, image_pad_id: int
) -> torch.Tensor:
    """Treats every row as holding the whole image: each row restarts at image_embeds[0]."""
    mask = input_ids == image_pad_id
    if int(mask.sum()) != image_embeds.shape[0]:
        raise ValueError("number of image pads and image embeddings differ")
    out = text_embeds.clone()
    for b in range(out.shape[0]):
        n = int(mask[b].sum())
        out[b, mask[b]] = image_embeds[:n]
    return out
