"""How the judge runs one gpt2 test (public: the same code runs with your GPT and generate).

1. Build `GPT(**config)`.
2. Check its state_dict layout: exactly the keys (and shapes) of the contract, every one
   an nn.Parameter that requires grad (no persistent buffers). A mismatch raises
   StructureError listing what is missing, unexpected or misshaped.
3. Note whether `lm_head.weight` IS `transformer.wte.weight` (weight tying).
4. Load the test's weights with `load_state_dict(strict=True)`; the state dict holds both
   tied names with the same values.
5. Without gradients: `logits = model(idx)` and
   `tokens = generate(model=model, idx=prompt, max_new_tokens=max_new_tokens)`.
"""

import torch


class StructureError(Exception):
    """The model's parameters are not laid out as the contract says."""


def _layout(model, state_dict):
    """Why the model's state_dict differs from the expected one (None when it matches)."""
    want = {name: tuple(t.shape) for name, t in state_dict.items()}
    have = {name: tuple(t.shape) for name, t in model.state_dict().items()}
    params = dict(model.named_parameters(remove_duplicate=False))
    problems = []
    missing = [n for n in want if n not in have]
    unexpected = [n for n in have if n not in want]
    if missing:
        problems.append("missing: " + ", ".join(missing))
    if unexpected:
        problems.append("unexpected: " + ", ".join(unexpected)
                        + " (no persistent buffers: use register_buffer(..., persistent=False))")
    for name in want:
        if name in have and have[name] != want[name]:
            problems.append(f"{name} has shape {have[name]}, expected {want[name]} (nn.Linear layout: (out, in))")
        if name in have and name not in params:
            problems.append(f"{name} must be an nn.Parameter, not a buffer")
        elif name in params and not params[name].requires_grad:
            problems.append(f"{name} must require grad")
    return "; ".join(problems) or None


def drive(target, solution, config, state_dict, idx, prompt, max_new_tokens):
    model = target(**config)
    full = dict(state_dict)
    full["lm_head.weight"] = state_dict["transformer.wte.weight"]
    problem = _layout(model, full)
    if problem is not None:
        raise StructureError("GPT's state_dict does not match the contract: " + problem)
    tied = model.get_parameter("lm_head.weight") is model.get_parameter("transformer.wte.weight")
    model.load_state_dict(full, strict=True)
    with torch.no_grad():
        logits = model(idx)
        tokens = solution.generate(model=model, idx=prompt, max_new_tokens=max_new_tokens)
    return {"tied": tied, "logits": logits, "tokens": tokens}
