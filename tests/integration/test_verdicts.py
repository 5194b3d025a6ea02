"""Every verdict, reached by a real submission judged in a real child process."""

from __future__ import annotations

import pytest

from runner.verdicts import Verdict

CORRECT = """
import torch

def solve(x, temperature):
    if temperature <= 0:
        raise ValueError("temperature must be positive")
    z = x / temperature
    e = torch.exp(z - z.max(dim=-1, keepdim=True).values)
    return e / e.sum(dim=-1, keepdim=True)
"""


def variant(body: str) -> str:
    """A solve() whose happy path is replaced by `body` (which sees x and temperature)."""
    return (
        "import torch\n\ndef solve(x, temperature):\n"
        "    if temperature <= 0:\n        raise ValueError('temperature must be positive')\n"
        + "".join(f"    {line}\n" for line in body.strip().splitlines())
    )


def test_accepted_with_timing_and_sandbox_report(judge) -> None:
    result = judge("toy-softmax", CORRECT)
    assert result.verdict == Verdict.ACCEPTED, result.message
    assert all(t.passed for t in result.tests) and len(result.tests) == 6
    assert result.timing.ratio is not None and result.timing.enforced
    assert result.timing.user_ms > 0 and result.timing.reference_ms > 0
    assert result.sandbox["layers"]
    data = result.to_dict()
    assert {"verdict", "message", "tests", "timing", "device"} <= set(data)
    assert data["device"] == "cpu"


def test_run_mode_judges_only_visible_examples_and_shows_them(judge) -> None:
    result = judge("toy-softmax", CORRECT, mode="run")
    assert result.verdict == Verdict.ACCEPTED
    assert [t.name for t in result.tests] == ["example 1 (two rows)", "example 2 (one row)"]
    assert all(t.visible and t.inputs and t.expected and t.got for t in result.tests)
    assert result.timing.ratio is None  # no thresholds on Run


def test_wrong_answer_on_a_visible_example_shows_inputs_and_both_outputs(judge) -> None:
    result = judge("toy-softmax", variant("return torch.exp(x) / torch.exp(x).sum(-1, keepdim=True)"), mode="run")
    assert result.verdict == Verdict.WRONG_ANSWER
    first = result.tests[0]
    assert not first.passed and first.visible
    assert first.inputs.startswith("x = tensor(shape=(2, 3)")
    assert first.expected and first.got and first.expected != first.got
    assert "max abs error" in first.message and "at (" in first.message
    assert result.message.startswith("WRONG_ANSWER on example 1 (two rows)")


def test_hidden_test_failure_shows_only_its_index(judge) -> None:
    code = variant(
        "z = x / temperature\n"
        "if x.shape[0] == 3:\n    z = z * 1.01\n"
        "e = torch.exp(z - z.max(dim=-1, keepdim=True).values)\nreturn e / e.sum(-1, keepdim=True)"
    )
    result = judge("toy-softmax", code)
    assert result.verdict == Verdict.WRONG_ANSWER
    failed = result.tests[-1]
    assert failed.name == "test 1" and not failed.visible
    assert failed.inputs is None and failed.expected is None and failed.got is None


@pytest.mark.parametrize(
    ("body", "expected_text"),
    [
        ("return (torch.exp(x) / torch.exp(x).sum(-1, keepdim=True)).T", "shape mismatch: expected (2, 3), got (3, 2)"),
        ("return torch.softmax.__self__ if False else (x / temperature).double().exp() / "
         "(x / temperature).double().exp().sum(-1, keepdim=True)", "dtype mismatch: expected torch.float32, got "
         "torch.float64"),
        ("out = torch.exp(x) / torch.exp(x).sum(-1, keepdim=True)\nout[0, 0] = float('nan')\nreturn out",
         "NaN positions differ"),
        ("z = x.div_(temperature)\ne = torch.exp(z - z.max(-1, keepdim=True).values)\n"
         "return e / e.sum(-1, keepdim=True)", "the call modified its input: inputs['x']"),
    ],
    ids=["shape", "dtype", "nan", "input-mutation"],
)
def test_comparison_rules(judge, body: str, expected_text: str) -> None:
    result = judge("toy-softmax", variant(body), mode="run")
    assert result.verdict == Verdict.WRONG_ANSWER
    assert expected_text in result.tests[0].message


def test_expected_exception_not_raised_is_a_wrong_answer(judge) -> None:
    code = "import torch\n\ndef solve(x, temperature):\n    z = x / abs(temperature)\n" \
           "    e = torch.exp(z - z.max(-1, keepdim=True).values)\n    return e / e.sum(-1, keepdim=True)\n"
    result = judge("toy-softmax", code)
    assert result.verdict == Verdict.WRONG_ANSWER
    assert result.tests[-1].name == "test 2"
    assert "solve (for these inputs) should raise ValueError, but returned normally" in result.tests[-1].message


def test_too_slow_python_loop(judge) -> None:
    code = variant(
        "out = torch.empty_like(x)\n"
        "for i in range(x.shape[0]):\n"
        "    z = x[i] / temperature\n"
        "    e = torch.exp(z - z.max())\n"
        "    out[i] = e / e.sum()\n"
        "return out"
    )
    result = judge("toy-softmax", code)
    assert result.verdict == Verdict.TOO_SLOW, result.message
    assert result.timing.ratio > result.timing.threshold
    assert "allowed 10x" in result.message


def test_time_limit_exceeded_kills_an_endless_loop(judge) -> None:
    result = judge("toy-softmax", variant("while True:\n    pass"), mode="run")
    assert result.verdict == Verdict.TIME_LIMIT_EXCEEDED
    assert result.judge_ms < 60_000


def test_memory_over_max_extra_memory(judge) -> None:
    code = variant(
        "scratch = torch.ones(40_000_000)  # 160 MB, over the 64 MiB allowed\n"
        "z = x / temperature + scratch[:1] * 0\n"
        "e = torch.exp(z - z.max(-1, keepdim=True).values)\nreturn e / e.sum(-1, keepdim=True)"
    )
    result = judge("toy-softmax", code, mode="run")
    assert result.verdict == Verdict.MEMORY_LIMIT_EXCEEDED
    assert "peak extra memory" in result.tests[0].message and "allowed 64.0 MiB" in result.tests[0].message


def test_memory_over_the_process_limit(judge) -> None:
    code = variant("hog = torch.ones(1_000_000_000)\nreturn hog")
    result = judge("toy-softmax", code, mode="run")
    assert result.verdict == Verdict.MEMORY_LIMIT_EXCEEDED, result.message


def test_runtime_error_shows_only_the_users_frames(judge) -> None:
    code = variant("return helper(x)") + "\n\ndef helper(x):\n    return x.reshape(7, 7)\n"
    result = judge("toy-softmax", code, mode="run")
    assert result.verdict == Verdict.RUNTIME_ERROR
    message = result.tests[0].message
    assert 'File "submission.py", line' in message and "in helper" in message
    assert "RuntimeError: shape '[7, 7]' is invalid" in message
    assert "runner/" not in message and "harness" not in message


def test_runtime_error_for_a_crash_names_the_signal(judge) -> None:
    result = judge("toy-softmax", variant("import os, signal\nos.kill(os.getpid(), signal.SIGSEGV)"), mode="run")
    assert result.verdict == Verdict.RUNTIME_ERROR
    assert "SIGSEGV" in result.message


@pytest.mark.parametrize(
    ("code", "expected_text"),
    [
        ("def solve(x, temperature)\n    return x\n", "SyntaxError"),
        ("import torch\n\ndef solution(x, temperature):\n    return x\n", "must define a function solve(...)"),
        ("import not_a_module\n", "ModuleNotFoundError: No module named 'not_a_module'"),
    ],
    ids=["syntax", "missing-entry-point", "import"],
)
def test_compile_errors(judge, code: str, expected_text: str) -> None:
    result = judge("toy-softmax", code)
    assert result.verdict == Verdict.COMPILE_ERROR
    assert expected_text in result.message


@pytest.mark.parametrize(
    ("body", "named"),
    [
        ("return torch.softmax(x / temperature, dim=-1)", "torch.softmax"),
        ("return (x / temperature).softmax(-1)", "torch.Tensor.softmax"),
        ("import torch.nn.functional as F\nreturn F.softmax(x / temperature, dim=-1)", "torch.nn.functional.softmax"),
    ],
    ids=["function", "method", "alias"],
)
def test_forbidden_api_is_a_compile_error_naming_it(judge, body: str, named: str) -> None:
    result = judge("toy-softmax", variant(body), mode="run")
    assert result.verdict == Verdict.COMPILE_ERROR
    assert f"forbidden API called: {named}" in result.message


def test_triton_in_interpreter_mode(judge) -> None:
    from tests.conftest import FIXTURE_PROBLEMS

    code = (FIXTURE_PROBLEMS / "toy-softmax" / "solutions" / "accepted" / "triton_rows.py").read_text()
    result = judge("toy-softmax", code, language="triton")
    assert result.verdict == Verdict.ACCEPTED, result.message
    assert not result.timing.enforced and "interpreter" in result.timing.note
    assert "tall" not in [t.name for t in result.tests]  # big tests are not run on triton-cpu
    assert len(result.tests) == 5
    broken = code.replace("e / tl.sum(e, axis=0)", "e")
    assert judge("toy-softmax", broken, language="triton", mode="run").verdict == Verdict.WRONG_ANSWER


def test_module_kind_accepted_and_gradients_checked(judge) -> None:
    from tests.conftest import FIXTURE_PROBLEMS

    code = (FIXTURE_PROBLEMS / "toy-module" / "solutions" / "accepted" / "mixer.py").read_text()
    assert judge("toy-module", code).verdict == Verdict.ACCEPTED
    detached = code.replace("return (x @ self.mask) * self.weight + self.bias",
                            "return ((x @ self.mask) * self.weight + self.bias).detach() + 0 * self.bias")
    result = judge("toy-module", detached, mode="run")
    assert result.verdict in (Verdict.WRONG_ANSWER, Verdict.RUNTIME_ERROR)


def test_module_kind_wrong_parameter_name_lists_expected_keys(judge) -> None:
    from tests.conftest import FIXTURE_PROBLEMS

    code = (FIXTURE_PROBLEMS / "toy-module" / "solutions" / "accepted" / "mixer.py").read_text()
    result = judge("toy-module", code.replace("self.weight", "self.scale"), mode="run")
    assert result.verdict == Verdict.COMPILE_ERROR
    assert "expected state_dict keys: weight, bias, mask" in result.message
    assert "missing: weight" in result.message and "unexpected: scale" in result.message


def test_module_kind_buffer_value_checked_at_construction(judge) -> None:
    from tests.conftest import FIXTURE_PROBLEMS

    code = (FIXTURE_PROBLEMS / "toy-module" / "solutions" / "accepted" / "mixer.py").read_text()
    result = judge("toy-module", code.replace("torch.tril(torch.ones(n, n))", "torch.ones(n, n)"), mode="run")
    assert result.verdict == Verdict.WRONG_ANSWER
    assert "buffer mask right after construction" in result.message


def test_multi_kind_reports_each_function(judge) -> None:
    result = judge("toy-multi", "def add(a, b):\n    return a + b\n\n\ndef neg(a):\n    return a\n")
    assert result.verdict == Verdict.WRONG_ANSWER
    by_name = {f.name: f for f in result.functions}
    assert by_name["add"].verdict == Verdict.ACCEPTED and by_name["add"].passed == by_name["add"].total == 3
    assert by_name["neg"].verdict == Verdict.WRONG_ANSWER and by_name["neg"].passed == 0
    assert result.score == 0.5
    assert result.message.startswith("neg: WRONG_ANSWER")
    assert {t.function for t in result.tests} == {"add", "neg"}


def test_hidden_inputs_depend_on_the_install_secret(fixture_bank, judge_settings) -> None:
    from runner.judge.plan import Plan

    problem = fixture_bank.problems["toy-softmax"]
    entry = problem.spec.entries()[0]
    first = Plan(problem.slug, "pytorch-cpu", True, judge_settings.secret_bytes()).cases(entry)
    other = Plan(problem.slug, "pytorch-cpu", True, b"another").cases(entry)
    assert [c.seed for c in first if c.visible] == [c.seed for c in other if c.visible]
    assert all(a.seed != b.seed for a, b in zip(first, other, strict=True) if not a.visible)
