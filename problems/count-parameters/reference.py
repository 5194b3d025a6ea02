"""Trusted input generators and references for count-parameters.

Models are built only from torch.nn's own classes (they are pickled into the sandbox,
where classes defined here would not exist); parameter sharing and requires_grad
survive the trip.
"""

from __future__ import annotations

from typing import Any

import torch
from torch import nn


def _freeze(*modules: nn.Module) -> None:
    for module in modules:
        for p in module.parameters():
            p.requires_grad_(False)


def _build(arch: str, width: int, depth: int) -> nn.Module:
    """One model per architecture name; `width` and `depth` set its sizes."""
    w = width
    if arch == "mlp":  # 4 -> 3 -> 2 in the first example
        return nn.Sequential(nn.Linear(4, 3), nn.ReLU(), nn.Linear(3, 2))
    if arch == "mlp_first_frozen":
        model = nn.Sequential(nn.Linear(4, 3), nn.ReLU(), nn.Linear(3, 2))
        _freeze(model[0])
        return model
    if arch == "linear_no_bias":
        return nn.Linear(w, 2 * w + 1, bias=False)
    if arch == "no_parameters":
        return nn.Sequential(nn.ReLU(), nn.Dropout(0.1), nn.Flatten())
    if arch == "all_frozen":
        model = nn.Sequential(nn.Linear(w, w), nn.Tanh(), nn.Linear(w, 3))
        _freeze(model)
        return model
    if arch == "batchnorm_mlp":  # buffers (running stats, num_batches_tracked) are not parameters
        return nn.Sequential(nn.Linear(w, 2 * w), nn.BatchNorm1d(2 * w), nn.ReLU(), nn.Linear(2 * w, 5))
    if arch == "tied_embedding":  # a language-model head sharing the embedding matrix
        emb = nn.Embedding(10 * w, w)
        head = nn.Linear(w, 10 * w, bias=False)
        head.weight = emb.weight
        return nn.ModuleDict({"wte": emb, "ln_f": nn.LayerNorm(w), "lm_head": head})
    if arch == "reused_layer":  # the same Linear applied twice
        shared = nn.Linear(w, w)
        return nn.Sequential(shared, nn.ReLU(), shared, nn.ReLU(), nn.Linear(w, 1))
    if arch == "transformer_layer":  # attention weights live directly on MultiheadAttention
        return nn.TransformerEncoderLayer(d_model=w, nhead=2, dim_feedforward=2 * w, batch_first=True)
    if arch == "frozen_biases":
        model = nn.Sequential(nn.Linear(w, w + 3), nn.GELU(), nn.Linear(w + 3, w))
        for name, p in model.named_parameters():
            if name.endswith("bias"):
                p.requires_grad_(False)
        return model
    if arch == "conv_frozen_backbone":
        backbone = nn.Sequential(nn.Conv2d(3, w, 3, padding=1), nn.BatchNorm2d(w), nn.ReLU(),
                                 nn.Conv2d(w, w, 3, bias=False), nn.BatchNorm2d(w))
        _freeze(backbone)
        return nn.Sequential(backbone, nn.AdaptiveAvgPool2d(1), nn.Flatten(), nn.Linear(w, 10))
    if arch == "tied_and_frozen":  # a shared matrix that is also frozen, plus a trainable part
        emb = nn.Embedding(7 * w, w)
        emb.weight.requires_grad_(False)
        head = nn.Linear(w, 7 * w)
        head.weight = emb.weight
        return nn.ModuleList([emb, nn.Linear(w, w), head])
    if arch == "nested_containers":
        return nn.ModuleDict({
            "encoder": nn.ModuleList([nn.GRU(w, w, batch_first=True), nn.LayerNorm(w)]),
            "heads": nn.ModuleDict({"a": nn.Linear(w, 2), "b": nn.Bilinear(w, w, 3)}),
            "pos": nn.Embedding(16, w),
        })
    if arch == "many_parameters":  # `depth` small parameter tensors, some listed twice, some frozen
        table = [nn.Parameter(torch.randn(w, 3)) for _ in range(depth)]
        for p in table[5::7]:
            p.requires_grad_(False)
        layers = [nn.Linear(w, w) for _ in range(8)]
        layers[4].weight = layers[0].weight  # tied across two layers
        return nn.ModuleDict({
            "table": nn.ParameterList(table + table[::10]),  # every tenth entry appears twice
            "mlp": nn.Sequential(*layers),
        })
    raise ValueError(f"unknown architecture {arch!r}")


def generate_count_params(
    *, seed: int, device: str, arch: str, width: int = 4, depth: int = 1, vary_width: int = 0
) -> dict[str, Any]:
    """A model of the named architecture. `vary_width` adds a seed-dependent amount in
    [0, vary_width] to the width (timed calls regenerate the model from fresh seeds)."""
    width = width + (seed % (vary_width + 1) if vary_width else 0)
    with torch.random.fork_rng():  # layer initialisation draws from the global RNG
        torch.manual_seed(seed)
        model = _build(arch, width, depth)
    return {"model": model.to(device)}


def reference_count_params(model: nn.Module) -> tuple[int, int]:
    """(total, trainable) numbers of parameter elements; buffers excluded, and a Parameter
    shared by several modules (or a module used twice) counted once: model.parameters()
    yields each Parameter object once."""
    total = trainable = 0
    for p in model.parameters():
        total += p.numel()
        if p.requires_grad:
            trainable += p.numel()
    return total, trainable


def generate_mlp_params(
    *, seed: int, device: str, in_features: int, hidden: int, out_features: int, bias: bool
) -> dict[str, Any]:
    """The sizes as given (nothing is drawn)."""
    return {"in_features": in_features, "hidden": hidden, "out_features": out_features, "bias": bias}


def vary_mlp_params(inputs: dict[str, Any], generator: torch.Generator) -> dict[str, Any]:
    """Fresh sizes for one timed call: each size moves by a random amount in [0, 1000]."""
    shifts = torch.randint(0, 1001, (3,), generator=generator).tolist()
    return {
        "in_features": inputs["in_features"] + shifts[0],
        "hidden": inputs["hidden"] + shifts[1],
        "out_features": inputs["out_features"] + shifts[2],
        "bias": inputs["bias"],
    }


def reference_mlp_params(in_features: int, hidden: int, out_features: int, bias: bool = True) -> int:
    """Linear(in, hidden) then Linear(hidden, out): weights in*hidden + hidden*out, and
    with bias one bias per output unit of each layer, hidden + out."""
    weights = in_features * hidden + hidden * out_features
    biases = hidden + out_features if bias else 0
    return weights + biases
