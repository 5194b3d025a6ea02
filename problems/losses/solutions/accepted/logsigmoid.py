import torch
import torch.nn.functional as F


def mse(pred: torch.Tensor, target: torch.Tensor) -> torch.Tensor:
    """Sum of squares divided by the element count (pred.numel() is 1 for a 0-dim tensor)."""
    return torch.square(pred - target).sum() / pred.numel()


def bce(probs: torch.Tensor, target: torch.Tensor, eps: float = 1e-7) -> torch.Tensor:
    """log1p(-p) is log(1 - p), computed without forming 1 - p first."""
    p = probs.clip(min=eps, max=1.0 - eps)
    return torch.mean(-target * p.log() - (1.0 - target) * torch.log1p(-p))


def bce_with_logits(logits: torch.Tensor, target: torch.Tensor) -> torch.Tensor:
    """log(sigmoid(z)) and log(1 - sigmoid(z)) = log(sigmoid(-z)), each computed stably."""
    return -torch.mean(target * F.logsigmoid(logits) + (1.0 - target) * F.logsigmoid(-logits))
