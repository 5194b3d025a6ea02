import torch


def mse(pred: torch.Tensor, target: torch.Tensor) -> torch.Tensor:
    """Mean of (pred - target)^2 over every element, as a 0-dim tensor."""
    raise NotImplementedError


def bce(probs: torch.Tensor, target: torch.Tensor, eps: float = 1e-7) -> torch.Tensor:
    """Mean binary cross-entropy; clip probs to [eps, 1 - eps] first."""
    raise NotImplementedError


def bce_with_logits(logits: torch.Tensor, target: torch.Tensor) -> torch.Tensor:
    """Mean binary cross-entropy of sigmoid(logits), computed stably from the logits."""
    raise NotImplementedError
