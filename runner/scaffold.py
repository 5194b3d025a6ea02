"""`problems new SLUG --kind ...`: a problem folder with every file in place.

The files hold PLACEHOLDER wherever the author has work to do; `problems validate`
reports the folder as incomplete until none is left.
"""

from __future__ import annotations

import re
from pathlib import Path

from runner import conventions as names
from runner.errors import UsageError

PLACEHOLDER = "FILL-IN"
SLUG = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")

_YAML_HEAD = f"""title: {PLACEHOLDER} a title
difficulty: easy                  # easy | medium | hard
topics: [{PLACEHOLDER}]
languages: [pytorch]              # add triton (and a starters/triton.py) to offer it
kind: {{kind}}
"""

_YAML = {
    "function": """entry_point: solve
signature: [x]                    # keyword names of the call, as generate() returns them

examples:                         # visible: Run judges these; at least two
  - name: {p} a small example
    params: {{rows: 2, cols: 3}}
tests:                            # hidden: at least eight, each catching a real mistake
  - name: {p} an edge case
    params: {{rows: 1, cols: 1}}
  - name: {p} the timed size
    params: {{rows: 512, cols: 512}}
    timed: true
""",
    "module": """module:
  class_name: MyModule            # the nn.Module the learner defines
  reference: MyModule             # the class in reference.py
  signature: [x]                  # forward's parameter names

examples:
  - name: {p} a small example
    init: {{n_embd: 4}}
    params: {{batch: 1, time: 3}}
tests:
  - name: {p} the timed size
    init: {{n_embd: 64}}
    params: {{batch: 8, time: 64}}
    timed: true
""",
    "multi": """functions:
  - name: first
    signature: [x]
    examples:
      - name: {p} a small example
        params: {{n: 4}}
    tests:
      - name: {p} the timed size
        params: {{n: 100000}}
        timed: true
""",
}

_REFERENCE = {
    "function": '''"""Trusted input generator and reference (never inside the sandbox)."""

import torch


def generate(*, seed: int, device: str, rows: int, cols: int) -> dict[str, torch.Tensor]:
    """Keyword arguments of one call, deterministic in seed (draw on the CPU, then move)."""
    g = torch.Generator().manual_seed(seed)
    x = torch.randn(rows, cols, generator=g)
    return {{"x": x.to(device)}}


def reference(x: torch.Tensor) -> torch.Tensor:
    raise NotImplementedError("{p}: the reference solution")
''',
    "module": '''"""Trusted input generator and reference module (never inside the sandbox)."""

import torch
from torch import nn


def generate(*, seed: int, device: str, init: dict, batch: int, time: int) -> dict[str, torch.Tensor]:
    g = torch.Generator().manual_seed(seed)
    return {{"x": torch.randn(batch, time, init["n_embd"], generator=g).to(device)}}


class MyModule(nn.Module):
    def __init__(self, n_embd: int) -> None:
        super().__init__()
        raise NotImplementedError("{p}: the reference module")
''',
    "multi": '''"""Trusted input generators and references, one pair per function."""

import torch


def generate_first(*, seed: int, device: str, n: int) -> dict[str, torch.Tensor]:
    g = torch.Generator().manual_seed(seed)
    return {{"x": torch.randn(n, generator=g).to(device)}}


def reference_first(x: torch.Tensor) -> torch.Tensor:
    raise NotImplementedError("{p}: the reference of first")
''',
}

_STARTER = {
    "function": '''import torch


def solve(x: torch.Tensor) -> torch.Tensor:
    """{p}: say what to return, with shapes and dtypes."""
    raise NotImplementedError("write your solution here")
''',
    "module": '''import torch
from torch import nn


class MyModule(nn.Module):
    def __init__(self, n_embd: int) -> None:
        super().__init__()
        # {p}: the sub-modules and parameters, named as the statement says

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        raise NotImplementedError("write your solution here")
''',
    "multi": '''import torch


def first(x: torch.Tensor) -> torch.Tensor:
    """{p}: say what to return."""
    raise NotImplementedError("write your solution here")
''',
}

_STATEMENT = """# {p} Title

{p} The task in a few sentences: inputs with shapes and dtypes, what to return.

## Examples

{p} One worked example with small numbers.

## Constraints

- {p} sizes, value ranges, tolerances (atol, rtol), forbidden APIs, errors to raise

{notes}

- **Concept.** {p}
- **Questions to ask.** {p}
- **Common mistakes.** {p}
"""

_EDITORIAL = """# Editorial

## Approach

{p}

## Solution

```python
# {p} an annotated solution
```

## Cost

{p} time and memory.

## Why the common mistakes fail

{p}
"""


def new_problem(bank: Path, slug: str, kind: str) -> Path:
    """Create `bank/slug` for a problem of `kind`; refuses to touch an existing folder."""
    if not SLUG.match(slug):
        raise UsageError(f"{slug!r} is not a slug: lowercase letters and digits separated by single dashes")
    if kind not in _YAML:
        raise UsageError(f"unknown kind {kind!r}: use {', '.join(_YAML)}")
    folder = bank / slug
    if folder.exists():
        raise UsageError(f"{folder} already exists")
    p = PLACEHOLDER
    files = {
        names.PROBLEM_FILE: _YAML_HEAD.format(kind=kind) + "\n" + _YAML[kind].format(p=p),
        names.REFERENCE_FILE: _REFERENCE[kind].format(p=p),
        f"{names.STARTERS_DIR}/{names.STARTER_FILES['pytorch']}": _STARTER[kind].format(p=p),
        names.STATEMENT_FILE: _STATEMENT.format(p=p, notes=names.NOTES_HEADING),
        names.EDITORIAL_FILE: _EDITORIAL.format(p=p),
        f"{names.ACCEPTED_DIR}/.keep": "",
        f"{names.REJECTED_DIR}/.keep": "",
    }
    for relative, text in files.items():
        path = folder / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return folder
