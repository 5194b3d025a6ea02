# expect: WRONG_ANSWER
import torch


def solve(logits: torch.Tensor, targets: torch.Tensor) -> torch.Tensor:
    # Stable softmax, then log of the probabilities: when the target's logit is far
    # below the maximum its probability underflows to 0 and log(0) = -inf.
    logits_maxes = logits.max(dim=1, keepdim=True).values
    counts = (logits - logits_maxes).exp()
    probs = counts / counts.sum(dim=1, keepdim=True)
    logprobs = probs.log()
    return -logprobs[range(logits.shape[0]), targets].mean()
