import torch


def solve(q_t: torch.Tensor, k_t: torch.Tensor, v_t: torch.Tensor, cache):
    """Single query, so no matrix product is needed: broadcast, multiply and sum."""
    keys = k_t if cache is None else torch.cat([cache[0], k_t], dim=2)
    values = v_t if cache is None else torch.cat([cache[1], v_t], dim=2)
    d = q_t.shape[-1]
    scores = (q_t * keys).sum(dim=-1) * d**-0.5  # (B, H, t+1)
    scores = scores - scores.max(dim=-1, keepdim=True).values
    w = scores.exp()
    w = w / w.sum(dim=-1, keepdim=True)
    out = (w.unsqueeze(-1) * values).sum(dim=2, keepdim=True)  # (B, H, 1, D)
    return out, (keys, values)
