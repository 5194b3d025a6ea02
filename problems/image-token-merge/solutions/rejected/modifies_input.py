# expect: WRONG_ANSWER
import torch


def solve(
    input_ids: torch.Tensor, text_embeds: torch.Tensor, image_embeds: torch.Tensor, image_pad_id: int
) -> torch.Tensor:
    """Writes the image rows straight into text_embeds: the caller's tensor is changed."""
    mask = input_ids == image_pad_id
    if int(mask.sum()) != image_embeds.shape[0]:
        raise ValueError("number of image pads and image embeddings differ")
    text_embeds[mask] = image_embeds
    return text_embeds
