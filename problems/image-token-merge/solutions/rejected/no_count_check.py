# expect: WRONG_ANSWER
import torch


def solve(
    input_ids: torch.Tensor, text_embeds: torch.Tensor, image_embeds: torch.Tensor, image_pad_id: int
) -> torch.Tensor:
    """No check of the counts: masked_scatter silently ignores surplus image rows."""
    mask = (input_ids == image_pad_id).unsqueeze(-1)
    return text_embeds.masked_scatter(mask, image_embeds)
