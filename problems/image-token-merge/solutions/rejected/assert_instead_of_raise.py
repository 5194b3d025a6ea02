# expect: WRONG_ANSWER
import torch


def solve(
    input_ids: torch.Tensor, text_embeds: torch.Tensor, image_embeds: torch.Tensor, image_pad_id: int
) -> torch.Tensor:
    """Checks the counts with assert: an AssertionError is not the ValueError the contract names."""
    mask = input_ids == image_pad_id
    assert int(mask.sum()) == image_embeds.shape[0], "pad count mismatch"
    out = text_embeds.clone()
    out[mask] = image_embeds
    return out
