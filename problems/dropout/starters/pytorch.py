import torch


class Dropout:
    """Inverted dropout with a hand-written backward pass."""

    def __init__(self, p: float) -> None:
        # p is the probability of dropping each element; p outside [0, 1) -> ValueError.
        raise NotImplementedError("write your solution here")

    def forward(self, x: torch.Tensor, training: bool = True) -> torch.Tensor:
        """Training: a new tensor where each element of x is independently set to 0 with
        probability p and otherwise divided by (1 - p); remember the mask for backward.
        Evaluation (training=False): x unchanged. Same shape and dtype as x; do not modify x."""
        raise NotImplementedError

    def backward(self, grad: torch.Tensor) -> torch.Tensor:
        """d(loss)/dx given grad = d(loss)/d(output) of the LAST forward call (its mask and
        scaling; grad unchanged if that forward was in evaluation mode)."""
        raise NotImplementedError
