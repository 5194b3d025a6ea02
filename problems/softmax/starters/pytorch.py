import torch


def solve(x: torch.Tensor, dim: int) -> torch.Tensor:
    """Return softmax(x) along dimension ``dim`` (same shape and dtype as x).

    Must stay finite for inputs as large as +-1e4. torch.softmax,
    torch.nn.functional.softmax, Tensor.softmax and the log_softmax
    variants are not allowed.
    """
    raise NotImplementedError("write your solution here")
