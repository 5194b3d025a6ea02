# expect: WRONG_ANSWER
import torch


def mse(pred: torch.Tensor, target: torch.Tensor) -> torch.Tensor:
    """Mean squared error over every element."""
    diff = pred - target
    return (diff * diff).mean()


def bce(probs: torch.Tensor, target: torch.Tensor, eps: float = 1e-7) -> torch.Tensor:
    """No clipping: log(0) = -inf, and 0 * -inf is NaN when p is exactly 0 or 1."""
    p = probs
    loss = -(target * torch.log(p) + (1 - target) * torch.log(1 - p))
    return loss.mean()


def bce_with_logits(logits: torch.Tensor, target: torch.Tensor) -> torch.Tensor:
    """max(z, 0) - t*z + log(1 + exp(-|z|)): the exponent is never positive, so nothing overflows."""
    z = logits
    loss = torch.relu(z) - target * z + torch.log1p(torch.exp(-torch.abs(z)))
    return loss.mean()
