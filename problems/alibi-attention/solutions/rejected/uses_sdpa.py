# expect: COMPILE_ERROR
import torch
import torch.nn.functional as F


def solve(q: torch.Tensor, k: torch.Tensor, v: torch.Tensor) -> torch.Tensor:
    """The right additive bias handed to the fused built-in, which this problem forbids."""
    _, n_heads, t, _ = q.shape
    m = torch.tensor([2.0 ** (-8.0 * (h + 1) / n_heads) for h in range(n_heads)], device=q.device)
    pos = torch.arange(t, device=q.device)
    back = (pos[:, None] - pos[None, :]).float()
    bias = (-m.view(n_heads, 1, 1) * back).masked_fill(back < 0, float("-inf"))
    return F.scaled_dot_product_attention(q, k, v, attn_mask=bias)
