import torch


def solve(x: torch.Tensor, gamma: torch.Tensor, beta: torch.Tensor, eps: float = 1e-5) -> torch.Tensor:
    """Training-mode batch normalisation of x (N, C), one mean and variance per feature.

    Statistics over the batch dimension (dim 0), biased variance, eps inside the
    square root; then scale by gamma (C,) and shift by beta (C,). Return a new
    float32 tensor of shape (N, C). F.batch_norm and nn.BatchNorm1d are not allowed.
    """
    raise NotImplementedError("write your solution here")
