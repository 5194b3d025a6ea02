"""Trusted input generator, reference model and checker for gpt2.

The learner's `GPT` class is judged through driver.py: it is built from `config`, its
state_dict layout and the tying of `lm_head.weight` to `transformer.wte.weight` are
checked, the weights in `state_dict` are loaded strictly, then `model(idx)` and
`generate(model=model, idx=prompt, max_new_tokens=...)` are compared with the reference.
"""

from __future__ import annotations

import math
from typing import Any

import torch
import torch.nn.functional as F
from torch import nn

from runner.compare import compare
from runner.problem import Tolerance

# Logits pass through every layer and the tied head. Measured (see problem.yaml) between
# correct implementations: at most 2.3e-5 absolute on logits up to 28; exact erf-GELU
# instead of the tanh approximation moves them by 1.9e-4 to 6.9e-3 on these weights.
LOGITS_TOL = Tolerance(atol=1e-4, rtol=1e-4)
# Greedy decoding: a token whose logit is within this of the row's maximum is accepted
# too (float32 rounding may order two nearly equal logits differently).
TIE_TOL = 1e-4


# -- the reference model ----------------------------------------------------------------


class CausalSelfAttention(nn.Module):
    def __init__(self, n_embd: int, n_head: int) -> None:
        super().__init__()
        self.n_head = n_head
        self.c_attn = nn.Linear(n_embd, 3 * n_embd)  # q, k, v stacked along the output
        self.c_proj = nn.Linear(n_embd, n_embd)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        b, t, c = x.shape
        d = c // self.n_head
        q, k, v = self.c_attn(x).split(c, dim=-1)
        # (B, T, C) -> (B, H, T, D): head h owns channels h*D .. (h+1)*D - 1
        q, k, v = (z.view(b, t, self.n_head, d).transpose(1, 2) for z in (q, k, v))
        scores = (q @ k.transpose(-2, -1)) / math.sqrt(d)
        future = torch.ones(t, t, dtype=torch.bool, device=x.device).triu(1)
        scores = scores.masked_fill(future, float("-inf"))
        weights = torch.softmax(scores, dim=-1)
        y = (weights @ v).transpose(1, 2).reshape(b, t, c)
        return self.c_proj(y)


class MLP(nn.Module):
    def __init__(self, n_embd: int) -> None:
        super().__init__()
        self.c_fc = nn.Linear(n_embd, 4 * n_embd)
        self.c_proj = nn.Linear(4 * n_embd, n_embd)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return self.c_proj(F.gelu(self.c_fc(x), approximate="tanh"))


class Block(nn.Module):
    def __init__(self, n_embd: int, n_head: int) -> None:
        super().__init__()
        self.ln_1 = nn.LayerNorm(n_embd, eps=1e-5)
        self.attn = CausalSelfAttention(n_embd, n_head)
        self.ln_2 = nn.LayerNorm(n_embd, eps=1e-5)
        self.mlp = MLP(n_embd)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        x = x + self.attn(self.ln_1(x))  # pre-LN residual blocks
        return x + self.mlp(self.ln_2(x))


class GPT(nn.Module):
    def __init__(self, vocab_size: int, block_size: int, n_layer: int, n_head: int, n_embd: int) -> None:
        super().__init__()
        if n_head <= 0 or n_embd % n_head:
            raise ValueError(f"n_embd ({n_embd}) must be a multiple of n_head ({n_head})")
        self.block_size = block_size
        self.transformer = nn.ModuleDict(
            dict(
                wte=nn.Embedding(vocab_size, n_embd),
                wpe=nn.Embedding(block_size, n_embd),
                h=nn.ModuleList([Block(n_embd, n_head) for _ in range(n_layer)]),
                ln_f=nn.LayerNorm(n_embd, eps=1e-5),
            )
        )
        self.lm_head = nn.Linear(n_embd, vocab_size, bias=False)
        self.lm_head.weight = self.transformer.wte.weight  # one Parameter, two names

    def forward(self, idx: torch.Tensor) -> torch.Tensor:
        t = idx.shape[1]
        pos = torch.arange(t, device=idx.device)
        x = self.transformer.wte(idx) + self.transformer.wpe(pos)
        for block in self.transformer.h:
            x = block(x)
        return self.lm_head(self.transformer.ln_f(x))


reference = GPT  # what the driver builds on the judge's side


def reference_generate(model: nn.Module, idx: torch.Tensor, max_new_tokens: int) -> torch.Tensor:
    """Greedy decoding: append the argmax of the last position's logits, feeding the
    model at most its last block_size tokens (positions restart at 0 in that window)."""
    block_size = model.transformer.wpe.weight.shape[0]
    out = idx
    for _ in range(max_new_tokens):
        logits = model(out[:, -block_size:])
        nxt = logits[:, -1, :].argmax(dim=-1, keepdim=True)
        out = torch.cat([out, nxt], dim=1)
    return out


# -- inputs -------------------------------------------------------------------------------


def _shapes(vocab_size: int, block_size: int, n_layer: int, n_embd: int) -> dict[str, tuple[int, ...]]:
    """The state_dict layout (without lm_head.weight, which is transformer.wte.weight)."""
    c = n_embd
    shapes: dict[str, tuple[int, ...]] = {
        "transformer.wte.weight": (vocab_size, c),
        "transformer.wpe.weight": (block_size, c),
    }
    for i in range(n_layer):
        p = f"transformer.h.{i}."
        shapes.update({
            p + "ln_1.weight": (c,), p + "ln_1.bias": (c,),
            p + "attn.c_attn.weight": (3 * c, c), p + "attn.c_attn.bias": (3 * c,),
            p + "attn.c_proj.weight": (c, c), p + "attn.c_proj.bias": (c,),
            p + "ln_2.weight": (c,), p + "ln_2.bias": (c,),
            p + "mlp.c_fc.weight": (4 * c, c), p + "mlp.c_fc.bias": (4 * c,),
            p + "mlp.c_proj.weight": (c, 4 * c), p + "mlp.c_proj.bias": (c,),
        })
    shapes.update({"transformer.ln_f.weight": (c,), "transformer.ln_f.bias": (c,)})
    return shapes


def _value(g: torch.Generator, name: str, shape: tuple[int, ...]) -> torch.Tensor:
    """Random, non-trivial weights. LayerNorm gains near 1 and biases near 0 (never exactly);
    every Linear maps unit-variance inputs to outputs of standard deviation about 1.5
    (`c_fc` included: its pre-activations are O(1), where the tanh approximation of GELU
    and the exact erf form differ by up to 5e-4); embeddings of unit scale."""
    z = torch.randn(shape, generator=g)
    if name.endswith(("ln_1.weight", "ln_2.weight", "ln_f.weight")):
        return 1.0 + 0.2 * z
    if name.endswith("bias"):
        return 0.2 * z
    if name.endswith(("wte.weight", "wpe.weight")):
        return 0.7 * z
    fan_in = shape[1]
    return z * (1.5 / math.sqrt(fan_in))


def generate(
    *,
    seed: int,
    device: str,
    vocab_size: int,
    block_size: int,
    n_layer: int,
    n_head: int,
    n_embd: int,
    batch: int,
    time: int,
    prompt_len: int,
    new_tokens: int,
) -> dict[str, Any]:
    """config, a random state_dict, forward's idx (batch, time) and generate's prompt
    (batch, prompt_len), which may be longer than block_size."""
    g = torch.Generator().manual_seed(seed)
    config = dict(vocab_size=vocab_size, block_size=block_size, n_layer=n_layer, n_head=n_head, n_embd=n_embd)
    state = {name: _value(g, name, shape).to(device)
             for name, shape in _shapes(vocab_size, block_size, n_layer, n_embd).items()}
    idx = torch.randint(0, vocab_size, (batch, time), generator=g)
    prompt = torch.randint(0, vocab_size, (batch, prompt_len), generator=g)
    return {
        "config": config,
        "state_dict": state,
        "idx": idx.to(device),
        "prompt": prompt.to(device),
        "max_new_tokens": new_tokens,
    }


def vary(inputs: dict[str, Any], generator: torch.Generator) -> dict[str, Any]:
    """Fresh weights for one timed call: every weight scaled by factors in (0.98, 1]
    (the nested state_dict is not reached by the default perturbation)."""
    state = {
        name: w * (1.0 - 0.02 * torch.rand(w.shape, generator=generator)).to(w.device)
        for name, w in inputs["state_dict"].items()
    }
    return {**inputs, "state_dict": state}


# -- checking -------------------------------------------------------------------------------


def _reference_model(inputs: dict[str, Any]) -> GPT:
    model = GPT(**inputs["config"])
    state = dict(inputs["state_dict"])
    state["lm_head.weight"] = state["transformer.wte.weight"]
    model.load_state_dict(state, strict=True)
    return model.eval()


def _check_tokens(inputs: dict[str, Any], got: Any, expected: torch.Tensor) -> str | None:
    """Exactly the reference's tokens, or a greedy choice at every step: each new token's
    logit (recomputed by the reference model on the learner's own prefix) is within
    TIE_TOL of that step's maximum."""
    what = "generate(model, idx=prompt, max_new_tokens)"
    if not isinstance(got, torch.Tensor):
        return f"{what}: expected an int64 tensor of shape {tuple(expected.shape)}, got {type(got).__name__}"
    if got.shape != expected.shape or got.dtype != expected.dtype:
        return (f"{what}: expected shape {tuple(expected.shape)} and dtype {expected.dtype} (the prompt followed "
                f"by max_new_tokens new tokens), got shape {tuple(got.shape)} and dtype {got.dtype}")
    if torch.equal(got, expected):
        return None
    prompt = inputs["prompt"]
    t0 = prompt.shape[1]
    if not torch.equal(got[:, :t0], prompt):
        return compare(prompt, got[:, :t0], Tolerance(atol=0.0, rtol=0.0),
                       f"{what}: the first {t0} columns (the prompt, unchanged)")
    model = _reference_model(inputs)
    block_size = inputs["config"]["block_size"]
    with torch.no_grad():
        for s in range(got.shape[1] - t0):
            logits = model(got[:, : t0 + s][:, -block_size:])[:, -1, :]
            best = logits.max(dim=-1)
            chosen = got[:, t0 + s]
            if bool(((chosen < 0) | (chosen >= logits.shape[-1])).any()):
                return f"{what}: new token {s + 1} is not a token id in [0, {logits.shape[-1]})"
            picked = logits.gather(1, chosen.view(-1, 1)).squeeze(1)
            bad = (picked < best.values - TIE_TOL).nonzero()
            if len(bad):
                b = int(bad[0])
                return (f"{what}: new token {s + 1} of row {b}: got token {int(chosen[b])} (logit "
                        f"{float(picked[b]):.6g}), but the greedy choice is token {int(best.indices[b])} "
                        f"(logit {float(best.values[b]):.6g}); the model sees the last {block_size} tokens "
                        f"at most")
    return None


def check(inputs: dict[str, Any], got: Any, expected: dict[str, Any]) -> str | None:
    """Tying by identity, logits within LOGITS_TOL, greedy tokens (near-ties accepted)."""
    if not isinstance(got, dict) or set(got) != set(expected):
        return "internal: the driver's result is malformed"
    if got["tied"] is not True:
        return ("lm_head.weight is not transformer.wte.weight: the output projection must be the same "
                "nn.Parameter as the token embedding (weight tying), not a separate tensor, even one "
                "with equal values")
    logits = got["logits"]
    if not isinstance(logits, torch.Tensor):
        return f"model(idx) must return the logits tensor, got {type(logits).__name__}"
    message = compare(expected["logits"], logits, LOGITS_TOL, "logits = model(idx)")
    if message is not None:
        return message
    return _check_tokens(inputs, got["tokens"], expected["tokens"])
