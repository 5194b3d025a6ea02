"""How the judge runs one lora-linear test (public: the same code runs with your
LoRALinear and with the reference, each loaded with the same state_dict).

`target` is your module, built with `LoRALinear(**config)` and loaded with the test's
weights (a random "pretrained" weight and bias, and a non-zero, "trained" lora_A and
lora_B). `probe` says what the test looks at; every probe returns one tensor, compared
with the reference's:

- "forward": `target(x)`, shape (*x.shape[:-1], out_features).
- "merge": on a copy, five outputs stacked, shape (5, *x.shape[:-1], out_features):
  [0] before merging, [1] after merge(), [2] after a second merge() (a no-op),
  [3] after unmerge(), [4] after a second unmerge() (a no-op). All five equal target(x).
- "weight": on a copy, `weight` after merge() and again after unmerge(), stacked,
  shape (2, out_features, in_features): W + (alpha / r) * B A, then W again.
- "flags": on a copy, `requires_grad` of (weight, lora_A, lora_B) after merge() and
  again after unmerge(), a bool tensor of shape (2, 3): [[False, True, True]] * 2.
- "fresh_B": `lora_B` of a NEW module `type(target)(**config)`, before any
  load_state_dict: all zeros, shape (out_features, r).
- "fresh_A": whether `lora_A` of a NEW module has any non-zero entry (a 0-dim bool
  tensor): True.
"""

import copy

import torch


def drive(target, solution, x, probe, config):
    if probe == "forward":
        return target(x)
    if probe in ("fresh_B", "fresh_A"):
        fresh = type(target)(**config)
        if probe == "fresh_B":
            return fresh.lora_B.detach().clone()
        return (fresh.lora_A.detach() != 0).any()
    module = copy.deepcopy(target)  # every call starts from the loaded, unmerged state
    if probe == "merge":
        outputs = [module(x)]
        for step in (module.merge, module.merge, module.unmerge, module.unmerge):
            step()
            outputs.append(module(x))
        return torch.stack(outputs)
    if probe == "weight":
        module.merge()
        merged = module.weight.detach().clone()
        module.unmerge()
        return torch.stack([merged, module.weight.detach().clone()])
    if probe == "flags":
        rows = []
        for step in (module.merge, module.unmerge):
            step()
            rows.append([module.weight.requires_grad, module.lora_A.requires_grad, module.lora_B.requires_grad])
        return torch.tensor(rows)
    raise ValueError(f"unknown probe {probe!r}")
