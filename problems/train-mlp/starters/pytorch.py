import torch


def solve(
    x: torch.Tensor,
    y: torch.Tensor,
    w1: torch.Tensor,
    b1: torch.Tensor,
    w2: torch.Tensor,
    b2: torch.Tensor,
    lr: float,
    epochs: int,
    batch_size: int,
):
    """Mini-batch SGD on z = relu(x @ w1 + b1) @ w2 + b2 with a stable mean BCE on the logits.

    Batches in order, no shuffling, the last one may be smaller; one SGD step per
    batch; no autograd. Return ((w1, b1, w2, b2), loss_per_epoch) where
    loss_per_epoch is float32 (epochs,), each entry the plain mean of that
    epoch's batch losses (each computed before its update). Do not modify the inputs.
    """
    raise NotImplementedError("write your solution here")
