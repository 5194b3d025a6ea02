# expect: COMPILE_ERROR
import torch
import torch.nn.functional as F


def mse(pred: torch.Tensor, target: torch.Tensor) -> torch.Tensor:
    """Calls the built-in loss, which this problem forbids."""
    return F.mse_loss(pred, target)


def bce(probs: torch.Tensor, target: torch.Tensor, eps: float = 1e-7) -> torch.Tensor:
    """Clip away exact 0 and 1 so neither log sees 0, then average the two-sided log loss."""
    p = torch.clamp(probs, eps, 1 - eps)
    loss = -(target * torch.log(p) + (1 - target) * torch.log(1 - p))
    return loss.mean()


def bce_with_logits(logits: torch.Tensor, target: torch.Tensor) -> torch.Tensor:
    """max(z, 0) - t*z + log(1 + exp(-|z|)): the exponent is never positive, so nothing overflows."""
    z = logits
    loss = torch.relu(z) - target * z + torch.log1p(torch.exp(-torch.abs(z)))
    return loss.mean()
