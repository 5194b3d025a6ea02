import torch


def solve(logits: torch.Tensor, targets: torch.Tensor) -> torch.Tensor:
    """Mean cross-entropy loss over the batch, as a 0-dim float32 tensor.

    logits: (N, C) float32, targets: (N,) int64 class indices in [0, C).
    Must stay finite and accurate for logits as large as +-1e4. The built-in
    losses, log_softmax, logsumexp and softmax are not allowed.
    """
    raise NotImplementedError("write your solution here")
