"""Tolerance audit of the problem bank: can float32 rounding alone fail a correct solution?

Hidden-test seeds change per install, so a tolerance that passes today's seeds can fail
tomorrow's. For each problem, entry and test (examples and hidden tests) and for many
random seeds this generates the inputs with the problem's own generator and computes:

- the reference in float32, as the judge does;
- a float64 "truth": the same reference on inputs cast to float64 (module kinds: the
  module cast with .double()), with float64 as the default dtype;
- every shipped solution that must pass the comparison (solutions/accepted, and rejected
  ones expected TOO_SLOW), run in-process: a correct solution
  that sums in another order.

It prints, per test, the worst ratio  max |a - b| / (atol + rtol |b|)  over seeds and
elements: reference vs truth, and each solution vs the reference (the judge's comparison,
or the problem's own check). A ratio near 1 fails on an unlucky seed; over 0.3 is at risk.

    .venv/bin/python bench/tolerance_audit.py [--seeds 30] [--seed S] [--device cpu|cuda] [--all] [slug ...]
"""

from __future__ import annotations

import argparse
import copy
import math
import random
import sys
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import torch

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from runner import conventions as names  # noqa: E402
from runner.bank import Problem, load_bank  # noqa: E402
from runner.judge.problem_code import ProblemCode  # noqa: E402
from runner.problem import Entry, TestCase, Tolerance  # noqa: E402
from runner.values import clone, map_tensors  # noqa: E402

AT_RISK = 0.3  # a worst ratio above this may fail on some install's seeds
SLOW_S = 0.5  # a solution slower than this per call (a loop) runs on no further seed of that test
CORRECT_VERDICTS = ("ACCEPTED", "TOO_SLOW")  # correct, then too slow: compared like accepted ones


@dataclass
class Row:
    """The audit of one test of one entry."""

    slug: str
    entry: str
    test: str
    tol: Tolerance
    ref_ratio: float | None = None  # float32 reference vs float64 truth; None: not computed
    ref_where: str = ""  # where the worst of those lies
    skip: str = ""  # why the truth was not computed
    sol_ratio: float = 0.0  # worst solution vs the reference
    sol_name: str = ""  # the solution with that ratio
    sol_where: str = ""
    failures: list[str] = field(default_factory=list)  # solutions the judge would reject, with why

    @property
    def worst(self) -> float:
        return max(self.ref_ratio or 0.0, self.sol_ratio)


def _ratio(expected: Any, got: Any, tol: Tolerance, overflow: bool, path: str, found: list[tuple[float, str]]) -> float:
    """The judge's comparison as a number: max |got - expected| / (atol + rtol |expected|);
    0 for an exact match, inf for a mismatch no tolerance can excuse (shape, type, NaN).
    `overflow`: `got` is a float32 result, `expected` its float64 truth (float32 infinities
    where the truth exceeds float32's range are the contract, not an error)."""
    if isinstance(expected, torch.Tensor):
        if not isinstance(got, torch.Tensor) or got.shape != expected.shape:
            return math.inf
        exp, out = expected.detach().cpu().double().reshape(-1), got.detach().cpu().double().reshape(-1)
        if not expected.is_floating_point():
            return 0.0 if torch.equal(exp, out) else math.inf
        if not torch.equal(torch.isnan(exp), torch.isnan(out)):
            return math.inf
        if overflow:  # float32 overflow where the float64 truth is beyond float32's range
            big = torch.isinf(out) & (exp.abs() > torch.finfo(torch.float32).max)
            exp = torch.where(big, out, exp)
        inf = torch.isinf(exp) | torch.isinf(out)
        if not torch.equal(exp[inf], out[inf]):
            return math.inf
        finite = ~(torch.isnan(exp) | inf)
        if not bool(finite.any()):
            return 0.0
        diff = (out[finite] - exp[finite]).abs()
        allowed = tol.atol + tol.rtol * exp[finite].abs()
        scaled = torch.where(diff == 0, 0.0, diff / allowed)  # x / 0 is inf
        i = int(scaled.argmax())
        found.append((float(scaled[i]), f"{path}: |expected| {exp[finite][i].item():.3g}, error {diff[i].item():.3g}"))
        return found[-1][0]
    if isinstance(expected, bool) or expected is None or isinstance(expected, (str, int)):
        return 0.0 if type(got) is type(expected) and got == expected else math.inf
    if isinstance(expected, float):
        if isinstance(got, bool) or not isinstance(got, (int, float)):
            return math.inf
        if math.isnan(expected) or math.isnan(got):
            return 0.0 if math.isnan(expected) and math.isnan(got) else math.inf
        diff = abs(got - expected)
        scale = tol.atol + tol.rtol * abs(expected)
        found.append((0.0 if diff == 0 else diff / scale if scale else math.inf,
                      f"{path}: |expected| {abs(expected):.3g}, error {diff:.3g}"))
        return found[-1][0]
    if isinstance(expected, (tuple, list)):
        if not isinstance(got, (tuple, list)) or len(got) != len(expected):
            return math.inf
        pairs = enumerate(zip(expected, got, strict=True))
        return max((_ratio(e, g, tol, overflow, f"{path}[{i}]", found) for i, (e, g) in pairs), default=0.0)
    if isinstance(expected, dict):
        if not isinstance(got, dict) or set(got) != set(expected):
            return math.inf
        items = expected.items()
        return max((_ratio(e, got[k], tol, overflow, f"{path}[{k!r}]", found) for k, e in items), default=0.0)
    return math.inf


def ratio(expected: Any, got: Any, tol: Tolerance, overflow: bool = False) -> float:
    """The judge's comparison as a number (see `worst`)."""
    return worst(expected, got, tol, overflow)[0]


def worst(expected: Any, got: Any, tol: Tolerance, overflow: bool = False) -> tuple[float, str]:
    """The worst ratio and where: the output's path, the expected value and the error there."""
    found: list[tuple[float, str]] = []
    r = _ratio(expected, got, tol, overflow, "output", found)
    where = max(found, default=(0.0, ""))[1] if r < math.inf else ""
    return r, where


def _as_float(value: Any, dtype: torch.dtype) -> Any:
    return map_tensors(value, lambda t: t.detach().to(dtype) if t.is_floating_point() else t.clone())


def _float64_leaves(value: Any) -> bool:
    """Whether every floating-point tensor of a result is float64 (a true float64 run)."""
    found: list[bool] = []
    map_tensors(value, lambda t: found.append(t.dtype == torch.float64) if t.is_floating_point() else None)
    return bool(found) and all(found)


class Float64:
    """float64 as the default dtype inside the block (tensors a reference creates itself)."""

    def __enter__(self) -> None:
        self._was = torch.get_default_dtype()
        torch.set_default_dtype(torch.float64)

    def __exit__(self, *exc: object) -> None:
        torch.set_default_dtype(self._was)


def solutions(problem: Problem) -> list[tuple[str, dict[str, Any]]]:
    """The PyTorch (or Python) solutions the judge must find correct, each as its namespace."""
    found = [p for p in sorted((problem.root / names.ACCEPTED_DIR).glob("*.py"))]
    for path in sorted((problem.root / names.REJECTED_DIR).glob("*.py")):
        first = path.read_text(encoding="utf-8").splitlines()[:1]
        match = names.EXPECT_LINE.match(first[0]) if first else None
        if match and match["verdict"] in CORRECT_VERDICTS and "language=triton" not in match["opts"]:
            found.append(path)
    loaded = []
    for path in found:
        if path.name.startswith(names.TRITON_PREFIX):
            continue
        namespace: dict[str, Any] = {"__name__": f"_audit_{problem.slug}_{path.stem}"}
        exec(compile(path.read_text(encoding="utf-8"), str(path), "exec"), namespace)
        loaded.append((str(path.relative_to(problem.root)), namespace))
    return loaded


class Runner:
    """Runs one test's reference (float32 and float64) and the solutions on the same inputs."""

    def __init__(self, problem: Problem, code: ProblemCode, entry: Entry, device: str) -> None:
        self.problem, self.code, self.entry, self.device = problem, code, entry, device
        self.module = problem.spec.kind == "module"
        self.gradients = bool(self.module and problem.spec.module.gradients)
        self.no_autograd = problem.spec.no_autograd

    def _mode(self) -> Any:
        return torch.inference_mode() if self.no_autograd else torch.enable_grad()

    def _module_run(self, module: torch.nn.Module, kwargs: dict[str, Any], seed: int, dtype: torch.dtype,
                    call: Any) -> Any:
        """forward (and backward with the judge's grad_output): the values the judge compares."""
        inputs = _as_float(kwargs, dtype)
        with torch.enable_grad():
            if self.gradients:
                for value in inputs.values():
                    if isinstance(value, torch.Tensor) and value.is_floating_point():
                        value.requires_grad_(True)
                module.zero_grad(set_to_none=True)
            out = call(module, inputs)
            if not self.gradients:
                return map_tensors(out, lambda t: t.detach())
            g = torch.Generator().manual_seed(seed + 2)
            grad_output = torch.randn(out.shape, generator=g, dtype=torch.float32).to(out.device, dtype)
            out.backward(grad_output)
        result: dict[str, Any] = {"forward output": out.detach()}
        for name, value in inputs.items():
            if isinstance(value, torch.Tensor) and value.grad is not None:
                result[f"gradient of {name}"] = value.grad
        for name, param in module.named_parameters():
            result[f"gradient of {name}"] = param.grad
        return result

    def reference(self, test: TestCase, seed: int, float64: bool) -> tuple[dict[str, Any], Any, Any]:
        """(inputs, result, reference module or None) as the judge computes them."""
        kwargs = self.code.generate(self.entry, test, seed, self.device, module=self.module)
        if not self.module:
            if not float64:
                return kwargs, self.code.reference(self.entry, kwargs, no_autograd=self.no_autograd), None
            with Float64():
                got = self.code.reference(self.entry, _as_float(kwargs, torch.float64), no_autograd=self.no_autograd)
            return kwargs, got, None
        built = self.code.build_module(self.entry, test, seed, self.device)
        if not float64:
            return kwargs, self._module_run(built, kwargs, seed, torch.float32, self.code.forward), built
        with Float64():
            double = copy.deepcopy(built).double()
            return kwargs, self._module_run(double, kwargs, seed, torch.float64, self.code.forward), built

    def solution(self, namespace: dict[str, Any], test: TestCase, kwargs: dict[str, Any], seed: int,
                 built: torch.nn.Module | None) -> Any:
        """One solution's result on the inputs, called as the sandbox calls it."""
        target = namespace[self.entry.name]
        learner = SimpleNamespace(**namespace)
        driver = self.code.driver
        if self.module:
            assert built is not None
            torch.manual_seed(seed)
            module = target(**(test.init or {})).to(self.device)
            module.load_state_dict(built.state_dict(), strict=True)

            def call(m: torch.nn.Module, inputs: dict[str, Any]) -> Any:
                return driver(m, learner, **inputs) if driver is not None else m(**inputs)

            return self._module_run(module, kwargs, seed, torch.float32, call)
        inputs = clone(kwargs)
        with self._mode():
            return driver(target, learner, **inputs) if driver is not None else target(**inputs)


def audit_test(runner: Runner, test: TestCase, tol: Tolerance, seeds: list[int],
               sols: list[tuple[str, dict[str, Any]]]) -> Row:
    row = Row(runner.problem.slug, runner.entry.name, test.name, tol)
    check = runner.code.has_check(runner.entry) and not runner.module
    slow: dict[str, float] = {}  # seconds of each solution's last call
    if _random(runner, test, seeds[0]):
        row.skip = "the reference is random (judged by the problem's check)"
    for seed in seeds:
        kwargs, ref32, built = runner.reference(test, seed, float64=False)
        if not row.skip:
            row.skip = _truth(runner, test, seed, ref32, tol, row)
        for name, namespace in sols:
            if slow.get(name, 0.0) > SLOW_S:
                continue  # a loop solution: its first seeds only
            try:
                start = time.perf_counter()
                got = runner.solution(namespace, test, kwargs, seed, built)
                slow[name] = time.perf_counter() - start
            except Exception as exc:  # noqa: BLE001 - a correct solution must not raise
                row.failures.append(f"{name} (seed {seed}): raised {type(exc).__name__}: {exc}")
                continue
            if check:
                message = runner.code.check(runner.entry, kwargs, got, ref32)
                if message is not None:
                    row.failures.append(f"{name} (seed {seed}): {message}")
                random_ref = row.skip.startswith("the reference is random")
                r, where = worst(ref32, got, tol) if message is None and not random_ref else (0.0, "")
            else:
                r, where = worst(ref32, got, tol)
                if r > 1.0:
                    row.failures.append(f"{name} (seed {seed}): worst ratio {r:.3g} at {where}")
            if r > row.sol_ratio or not row.sol_name:
                row.sol_ratio, row.sol_name, row.sol_where = max(r, row.sol_ratio), name, where
    return row


def _random(runner: Runner, test: TestCase, seed: int) -> bool:
    """Whether the reference's result is random (two runs differ): only a check can judge it."""
    a, b = runner.reference(test, seed, float64=False)[1], runner.reference(test, seed, float64=False)[1]
    return ratio(a, b, Tolerance(atol=0.0, rtol=0.0)) != 0.0


def _truth(runner: Runner, test: TestCase, seed: int, ref32: Any, tol: Tolerance, row: Row) -> str:
    """Fold one seed's reference-vs-truth ratio into the row; the reason it cannot, if any."""
    try:
        _, truth, _ = runner.reference(test, seed, float64=True)
    except Exception as exc:  # noqa: BLE001 - a reference written for float32 only
        return f"the reference does not run in float64 ({type(exc).__name__}: {str(exc)[:80]})"
    if not _float64_leaves(truth):
        return "no float64 result (integer outputs, or a reference that fixes its dtype)"
    try:
        r, where = worst(truth, _as_float(ref32, torch.float64), tol, overflow=True)
    except Exception as exc:  # noqa: BLE001 - results of different structure
        return f"float64 result not comparable ({type(exc).__name__})"
    if row.ref_ratio is None or r > row.ref_ratio:
        row.ref_ratio, row.ref_where = r, where
    return ""


def audit_problem(problem: Problem, seeds: list[int], device: str = "cpu", only: list[str] | None = None) -> list[Row]:
    """Every test (or those named in `only`) of every entry that runs on `pytorch-<device>`."""
    code = ProblemCode(problem)
    sols = solutions(problem)
    target = f"{'python' if problem.languages == ['python'] else 'pytorch'}-{device}"
    rows = []
    for entry in problem.spec.entries():
        runner = Runner(problem, code, entry, device)
        for i, test in enumerate([*entry.examples, *entry.tests]):
            if test.raises or not test.runs_on(target) or (only is not None and test.name not in only):
                continue
            example = i < len(entry.examples)
            use = [test.base_seed] if example else seeds  # an example's seed is fixed: the judge uses it
            rows.append(audit_test(runner, test, test.tolerance or entry.tolerance, use, sols))
    return rows


def _fmt(value: float | None) -> str:
    return "-" if value is None else f"{value:.3g}"


def _print_row(row: Row, at_risk: bool) -> None:
    label = f"{row.slug} / {row.entry} / {row.test}"[:70]
    print(f"{label:<70} {row.tol.atol:>8.2g} {row.tol.rtol:>8.2g} {_fmt(row.ref_ratio):>8} "
          f"{_fmt(row.sol_ratio):>8}{'  AT RISK' if at_risk else ''}")
    if row.ref_ratio is not None and row.ref_ratio > AT_RISK:
        print(f"    reference vs float64: {row.ref_where}")
    if row.sol_ratio > AT_RISK:
        print(f"    worst solution: {row.sol_name}: {row.sol_where}")
    for failure in row.failures[:3]:
        print(f"    FAILS: {failure[:200]}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("slugs", nargs="*", help="problems to audit (default: the whole bank)")
    parser.add_argument("--seeds", type=int, default=30, help="random seeds per test (default 30)")
    parser.add_argument("--seed", type=int, default=None, help="draw the seeds from this (default: random)")
    parser.add_argument("--device", default="cpu", choices=("cpu", "cuda"))
    parser.add_argument("--all", action="store_true", help="print every test, not only those at risk")
    parser.add_argument("--problems-dir", type=Path, default=ROOT / "problems")
    args = parser.parse_args(argv)
    torch.set_num_threads(1)  # as the judge times on the CPU: one thread, its summation order
    base = args.seed if args.seed is not None else random.SystemRandom().randrange(1 << 31)
    rng = random.Random(base)
    seeds = [rng.randrange(1 << 48) for _ in range(args.seeds)]
    bank = load_bank(args.problems_dir)
    slugs = args.slugs or sorted(bank.problems)
    print(f"tolerance audit: {len(slugs)} problems, {args.seeds} seeds per test (--seed {base}), {args.device}")
    print(f"{'problem / entry / test':<70} {'atol':>8} {'rtol':>8} {'ref/f64':>8} {'solution':>8}")
    risky = 0
    for slug in slugs:
        problem = bank.get(slug)
        if problem is None:
            print(f"{slug}: not loaded: {bank.failed.get(slug, 'no such problem')}")
            risky += 1
            continue
        start, skipped = time.perf_counter(), Counter[str]()
        for row in audit_problem(problem, seeds, args.device):
            at_risk = row.worst > AT_RISK or bool(row.failures)
            risky += at_risk
            skipped.update([row.skip] if row.skip else [])
            if at_risk or args.all:
                _print_row(row, at_risk)
        for reason, count in skipped.items():
            print(f"{slug}: {count} test(s) without a float64 truth: {reason}")
        print(f"  ({slug}: {time.perf_counter() - start:.1f} s)", file=sys.stderr)
    print(f"{risky} test(s) at risk (worst ratio over {AT_RISK})")
    return 1 if risky else 0


if __name__ == "__main__":
    sys.exit(main())
