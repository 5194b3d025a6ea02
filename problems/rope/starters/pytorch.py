import torch


def solve(x: torch.Tensor, base: float = 10000.0) -> torch.Tensor:
    """Rotary position embedding, rotate-half pairing.

    x: (B, H, T, D) float32, D even (odd D -> raise ValueError).
    For i < D/2 and position p = 0..T-1, with theta_i = base ** (-2 * i / D):
      out[..., p, i]       = x[..., p, i] * cos(p*theta_i) - x[..., p, i + D/2] * sin(p*theta_i)
      out[..., p, i + D/2] = x[..., p, i + D/2] * cos(p*theta_i) + x[..., p, i] * sin(p*theta_i)
    Returns a new (B, H, T, D) float32 tensor.
    """
    raise NotImplementedError("build the cos/sin tables over (T, D/2), then rotate each (i, i + D/2) pair")
