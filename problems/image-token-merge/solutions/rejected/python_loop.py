# expect: TOO_SLOW
import torch


def solve(
    input_ids: torch.Tensor, text_embeds: torch.Tensor, image_embeds: torch.Tensor, image_pad_id: int
) -> torch.Tensor:
    """Correct, but visits every position from Python: one tiny copy per pad."""
    batch, time = input_ids.shape
    n_pads = int((input_ids == image_pad_id).sum())
    if n_pads != image_embeds.shape[0]:
        raise ValueError("number of image pads and image embeddings differ")
    out = text_embeds.clone()
    k = 0
    for b in range(batch):
        for t in range(time):
            if input_ids[b, t] == image_pad_id:
                out[b, t] = image_embeds[k]
                k += 1
    return out
