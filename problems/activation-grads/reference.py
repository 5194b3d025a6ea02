"""Trusted input generators and references for activation-grads.

Each function returns the elementwise derivative of an activation (or, for
swiglu_grad, the gradients of both inputs given the upstream gradient).
"""

import torch


def _draw(
    g: torch.Generator,
    shape: tuple[int, ...],
    *,
    scale: float,
    zeros: float,
    saturate: float,
    integers: bool,
    decimals: int | None,
) -> torch.Tensor:
    """N(0, scale^2) values; about `zeros` of them exactly 0 (and -0.0), about
    `saturate` of them exactly +-100; `integers` draws whole numbers in [-3, 3];
    `decimals` rounds for readable examples."""
    x = torch.randint(-3, 4, shape, generator=g).float() if integers else torch.randn(shape, generator=g) * scale
    if zeros > 0.0:
        pick = torch.rand(shape, generator=g) < zeros
        sign = torch.rand(shape, generator=g) < 0.5
        zero = torch.where(sign, torch.tensor(0.0), torch.tensor(-0.0))
        x = torch.where(pick, zero, x)
    if saturate > 0.0:
        pick = torch.rand(shape, generator=g) < saturate
        side = torch.rand(shape, generator=g) < 0.5
        x = torch.where(pick, torch.where(side, torch.tensor(100.0), torch.tensor(-100.0)), x)
    if decimals is not None:
        x = x.round(decimals=decimals)
    return x


def _one(seed: int, device: str, shape: list[int], **kw) -> dict[str, torch.Tensor]:
    g = torch.Generator().manual_seed(seed)
    return {"x": _draw(g, tuple(shape), **kw).to(device)}


# -- relu_grad ------------------------------------------------------------------
def generate_relu_grad(*, seed: int, device: str, shape: list[int], scale: float = 1.0, zeros: float = 0.0,
                       saturate: float = 0.0, integers: bool = False, decimals: int | None = None) -> dict:
    return _one(seed, device, shape, scale=scale, zeros=zeros, saturate=saturate, integers=integers,
                decimals=decimals)


def reference_relu_grad(x: torch.Tensor) -> torch.Tensor:
    """1 where x > 0, else 0 (also at x = 0), as float32."""
    return (x > 0).to(x.dtype)


# -- sigmoid_grad ---------------------------------------------------------------
def generate_sigmoid_grad(*, seed: int, device: str, shape: list[int], scale: float = 1.0, zeros: float = 0.0,
                          saturate: float = 0.0, integers: bool = False, decimals: int | None = None) -> dict:
    return _one(seed, device, shape, scale=scale, zeros=zeros, saturate=saturate, integers=integers,
                decimals=decimals)


def reference_sigmoid_grad(x: torch.Tensor) -> torch.Tensor:
    """sigma(x) (1 - sigma(x))."""
    s = torch.sigmoid(x)
    return s * (1.0 - s)


# -- tanh_grad ------------------------------------------------------------------
def generate_tanh_grad(*, seed: int, device: str, shape: list[int], scale: float = 1.0, zeros: float = 0.0,
                       saturate: float = 0.0, integers: bool = False, decimals: int | None = None) -> dict:
    return _one(seed, device, shape, scale=scale, zeros=zeros, saturate=saturate, integers=integers,
                decimals=decimals)


def reference_tanh_grad(x: torch.Tensor) -> torch.Tensor:
    """1 - tanh(x)^2."""
    t = torch.tanh(x)
    return 1.0 - t * t


# -- silu_grad ------------------------------------------------------------------
def generate_silu_grad(*, seed: int, device: str, shape: list[int], scale: float = 1.0, zeros: float = 0.0,
                       saturate: float = 0.0, integers: bool = False, decimals: int | None = None) -> dict:
    return _one(seed, device, shape, scale=scale, zeros=zeros, saturate=saturate, integers=integers,
                decimals=decimals)


def reference_silu_grad(x: torch.Tensor) -> torch.Tensor:
    """d/dx [x sigma(x)] = sigma(x) + x sigma(x) (1 - sigma(x)) = sigma(x) (1 + x (1 - sigma(x)))."""
    s = torch.sigmoid(x)
    return s * (1.0 + x * (1.0 - s))


# -- swiglu_grad ----------------------------------------------------------------
def generate_swiglu_grad(*, seed: int, device: str, shape: list[int], scale: float = 1.0, saturate: float = 0.0,
                         decimals: int | None = None) -> dict:
    """x1 (the gate, N(0, scale^2), some exactly +-100 with `saturate`), x2 and grad_out N(0, 1)."""
    g = torch.Generator().manual_seed(seed)
    shape_t = tuple(shape)
    kw = dict(zeros=0.0, integers=False, decimals=decimals)
    x1 = _draw(g, shape_t, scale=scale, saturate=saturate, **kw)
    x2 = _draw(g, shape_t, scale=1.0, saturate=0.0, **kw)
    grad_out = _draw(g, shape_t, scale=1.0, saturate=0.0, **kw)
    return {"x1": x1.to(device), "x2": x2.to(device), "grad_out": grad_out.to(device)}


def reference_swiglu_grad(
    x1: torch.Tensor, x2: torch.Tensor, grad_out: torch.Tensor
) -> tuple[torch.Tensor, torch.Tensor]:
    """y = silu(x1) * x2: dL/dx1 = grad_out * x2 * silu'(x1), dL/dx2 = grad_out * silu(x1)."""
    s = torch.sigmoid(x1)
    silu = x1 * s
    dsilu = s * (1.0 + x1 * (1.0 - s))
    return grad_out * x2 * dsilu, grad_out * silu
