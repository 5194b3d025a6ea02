# expect: WRONG_ANSWER
import torch


def solve(x: torch.Tensor, gamma: torch.Tensor, beta: torch.Tensor, eps: float = 1e-5) -> torch.Tensor:
    mean_t = x.mean(dim=(0, 2, 3), keepdim=True)
    # unbiased=True divides by N*H*W - 1; BatchNorm normalises with the biased
    # variance (divide by N*H*W). One value per channel gives 0 / 0 = NaN.
    sigma2_t = x.var(dim=(0, 2, 3), keepdim=True, unbiased=True)
    x_norm_t = (x - mean_t) / torch.sqrt(sigma2_t + eps)
    return gamma.view(1, -1, 1, 1) * x_norm_t + beta.view(1, -1, 1, 1)
