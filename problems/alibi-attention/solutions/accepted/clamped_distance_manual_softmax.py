import torch


def solve(q: torch.Tensor, k: torch.Tensor, v: torch.Tensor) -> torch.Tensor:
    """Slopes from a geometric sequence, causal mask folded into an additive -inf term,
    softmax written out with the row-max shift."""
    n_heads, t, d = q.shape[1], q.shape[2], q.shape[3]
    ratio = 2.0 ** (-8.0 / n_heads)  # m_h = ratio ** (h + 1)
    slopes = ratio ** torch.arange(1, n_heads + 1, dtype=torch.float64, device=q.device)
    idx = torch.arange(t, device=q.device)
    dist = (idx.view(t, 1) - idx.view(1, t)).clamp(min=0).double()
    bias = (-slopes.view(n_heads, 1, 1) * dist).float()  # (H, T, T)
    future = torch.triu(torch.full((t, t), float("-inf"), device=q.device), diagonal=1)
    scores = torch.einsum("bhid,bhjd->bhij", q, k) * d**-0.5 + bias + future
    scores = scores - scores.amax(dim=-1, keepdim=True)  # the diagonal is finite
    w = scores.exp()
    w = w / w.sum(dim=-1, keepdim=True)
    return torch.einsum("bhij,bhjd->bhid", w, v)
