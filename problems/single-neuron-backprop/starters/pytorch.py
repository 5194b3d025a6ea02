import torch


def solve(
    features: torch.Tensor,
    labels: torch.Tensor,
    weights: torch.Tensor,
    bias: torch.Tensor,
    lr: float,
    epochs: int,
) -> tuple[torch.Tensor, torch.Tensor, torch.Tensor]:
    """Train p = sigmoid(features @ weights + bias) on MSE by full-batch gradient descent.

    Return (weights (F,), bias 0-dim, mse_per_epoch float32 (epochs,)), all
    unrounded; each epoch's loss is recorded before its update. Do not modify
    the inputs.
    """
    raise NotImplementedError("write your solution here")
