# expect: COMPILE_ERROR
import torch


def mse(pred: torch.Tensor, target: torch.Tensor) -> torch.Tensor:
    """Mean squared error over every element."""
    diff = pred - target
    return (diff * diff).mean()


def bce(probs: torch.Tensor, target: torch.Tensor, eps: float = 1e-7) -> torch.Tensor:
    """Clip away exact 0 and 1 so neither log sees 0, then average the two-sided log loss."""
    p = torch.clamp(probs, eps, 1 - eps)
    loss = -(target * torch.log(p) + (1 - target) * torch.log(1 - p))
    return loss.mean()



# bce_with_logits is missing: the judge reports the missing entry point.
