"""Every call into a problem's trusted code (reference.py), wrapped.

A broken problem (a generator that raises, returns other keys than the signature, a
reference or checker that fails) ends judging with INTERNAL_ERROR naming the problem's
file and function; the learner never sees a traceback of the judge.
"""

from __future__ import annotations

import fnmatch
from collections.abc import Callable
from contextlib import nullcontext
from pathlib import Path
from types import ModuleType
from typing import Any

import torch

from runner import conventions as names
from runner.bank import Problem
from runner.errors import JudgeError
from runner.problem import Entry, TestCase
from runner.values import clone


class ProblemError(JudgeError):
    """The problem's own code failed; the message names the file and the function."""


class ReferenceSolution:
    """What a driver sees as `solution` on the trusted side: the learner's name `x` is
    the reference's `reference_x` (or `x` itself where there is no such name)."""

    def __init__(self, module: ModuleType) -> None:
        self._module = module

    def __getattr__(self, name: str) -> Any:
        found = getattr(self._module, names.per_function(name, names.REFERENCE), None)
        return found if found is not None else getattr(self._module, name)


class ProblemCode:
    """The reference module of one problem, behind wrappers that name what failed."""

    def __init__(self, problem: Problem) -> None:
        self.problem = problem
        self.path: Path = problem.root / names.REFERENCE_FILE
        self.module = problem.reference_module()
        self.driver: Callable[..., Any] | None = None
        if problem.spec.driver is not None:
            assert problem.driver_source is not None
            self.driver = self._load_driver(problem.spec.driver, problem.driver_source)

    def _load_driver(self, name: str, source: str) -> Callable[..., Any]:
        path = self.problem.root / names.DRIVER_FILE
        namespace: dict[str, Any] = {"__name__": f"_tensordojo_driver_{self.problem.slug.replace('-', '_')}"}
        try:
            exec(compile(source, str(path), "exec"), namespace)
        except Exception as exc:
            raise ProblemError(f"{path}: import failed: {type(exc).__name__}: {exc}") from exc
        driver = namespace.get(name)
        if not callable(driver):
            raise ProblemError(f"{path}: defines no {name}()")
        return driver

    def drive(self, target: Any, kwargs: dict[str, Any]) -> Any:
        """One call through the problem's driver, with the reference as the learner."""
        assert self.driver is not None
        path = self.problem.root / names.DRIVER_FILE
        try:
            return self.driver(target, ReferenceSolution(self.module), **kwargs)
        except Exception as exc:
            raise ProblemError(f"{path}: {self.problem.spec.driver}() failed on the reference: "
                               f"{type(exc).__name__}: {exc}") from exc

    def function(self, name: str) -> Callable[..., Any] | None:
        found = getattr(self.module, name, None)
        return found if callable(found) else None

    def call(self, name: str, *args: Any, **kwargs: Any) -> Any:
        """`name(*args, **kwargs)` from reference.py; ProblemError if it fails."""
        fn = self.function(name)
        if fn is None:
            raise ProblemError(f"{self.path}: defines no {name}()")
        try:
            return fn(*args, **kwargs)
        except Exception as exc:
            raise ProblemError(f"{self.path}: {name}() failed: {type(exc).__name__}: {exc}") from exc

    def generate(self, entry: Entry, test: TestCase, seed: int, device: str, *, module: bool) -> dict[str, Any]:
        """Keyword arguments of one call, exactly the entry's signature."""
        extra = {"init": test.init} if module else {}
        kwargs = self.call(entry.generator, seed=seed, device=device, **extra, **test.params)
        if not isinstance(kwargs, dict) or sorted(kwargs) != sorted(entry.signature):
            got = sorted(kwargs) if isinstance(kwargs, dict) else type(kwargs).__name__
            raise ProblemError(
                f"{self.path}: {entry.generator}() returned {got} for {test.name!r}; "
                f"problem.yaml's signature for {entry.name} is {sorted(entry.signature)}"
            )
        return kwargs

    def reference(self, entry: Entry, kwargs: dict[str, Any], *, no_autograd: bool, copy: bool = True) -> Any:
        """The expected result; the reference gets private copies of the inputs (unless
        `copy` is off: timing, where the inputs are made fresh for each call anyway)."""
        kwargs = clone(kwargs) if copy else kwargs
        with torch.inference_mode() if no_autograd else nullcontext():
            if self.driver is not None:
                target = self.function(entry.reference) or getattr(self.module, entry.reference, None)
                return self.drive(target, kwargs)
            return self.call(entry.reference, **kwargs)

    def check(self, entry: Entry, inputs: Any, got: Any, expected: Any) -> str | None:
        """The problem's own checker's verdict on a result."""
        return self.call(entry.check, inputs, got, expected)

    def has_check(self, entry: Entry) -> bool:
        return self.function(entry.check) is not None

    def vary(self, entry: Entry) -> Callable[[dict[str, Any], torch.Generator], dict[str, Any]] | None:
        name = names.VARIER if entry.generator == names.GENERATOR else names.per_function(entry.name, names.VARIER)
        if self.function(name) is None:
            return None

        def vary(inputs: dict[str, Any], generator: torch.Generator) -> dict[str, Any]:
            made = self.call(name, inputs, generator)
            if not isinstance(made, dict) or sorted(made) != sorted(inputs):
                raise ProblemError(f"{self.path}: {name}() must return a dict with the keys {sorted(inputs)}")
            return made

        return vary

    def build_module(self, entry: Entry, test: TestCase, seed: int, device: str,
                     initial: dict[str, torch.Tensor] | None = None) -> torch.nn.Module:
        """The reference module for a test, with random, non-trivial parameters; the values
        of the problem's `check_parameters` and `check_buffers` as constructed go into `initial`."""
        torch.manual_seed(seed)
        module = self.call(entry.reference, **(test.init or {}))
        if not isinstance(module, torch.nn.Module):
            raise ProblemError(f"{self.path}: {entry.reference}(...) did not build an nn.Module")
        spec = self.problem.spec.module
        if initial is not None and spec is not None:  # as constructed: before randomize changes them
            for named, patterns in ((module.named_parameters(), spec.check_parameters),
                                    (module.named_buffers(), spec.check_buffers)):
                initial.update({n: t.detach().to("cpu", copy=True) for n, t in named
                                if any(fnmatch.fnmatchcase(n, pattern) for pattern in patterns)})
        generator = torch.Generator().manual_seed(seed + 1)
        with torch.no_grad():
            if self.function(names.RANDOMIZER) is not None:
                self.call(names.RANDOMIZER, module, generator)
            else:  # zero-initialised parameters become non-zero too
                for p in module.parameters():
                    p.add_(torch.randn(p.shape, generator=generator, dtype=p.dtype) * 0.1)
        return module.to(device)

    def forward(self, module: torch.nn.Module, kwargs: dict[str, Any]) -> Any:
        """The reference module's forward (or the driver's calls) on one set of inputs."""
        if self.driver is not None:
            return self.drive(module, kwargs)
        try:
            return module(**kwargs)
        except Exception as exc:
            name = type(module).__name__
            raise ProblemError(f"{self.path}: {name}.forward() failed: {type(exc).__name__}: {exc}") from exc
