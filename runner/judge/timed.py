"""Timing one entry against the reference, in pairs of calls on fresh inputs.

Each pair: the judge makes the call's inputs (never seen before) and writes them to
the shared pages while the child is stopped; the user's call and the reference's run
back to back (alternating which goes first), each on the same inputs. The user's time
is what the child measured, bounded from above and below by the judge's own clock
around the request; right after the call, nothing of the user's may still be running,
and chosen elements of the result (the child cannot know which) are checked against
the reference's. Pairs continue until the ratio is settled (see timing/stats.py).
"""

from __future__ import annotations

import random
import statistics
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import torch

from runner import protocol as p
from runner.forbidden import NO_AUTOGRAD, ForbiddenGuard
from runner.judge.context import Judging
from runner.judge.function import out_spec
from runner.judge.link import Staged, failure_verdict
from runner.judge.module import load_state
from runner.judge.problem_code import ProblemError
from runner.judge.spot_checks import Sampling, SpotCheckFailed, SpotChecks
from runner.problem import Entry
from runner.sandbox.child import Threads
from runner.seeds import timing_seed
from runner.staging import fill, skeleton
from runner.timing import allocator, placement
from runner.timing.clock import Clock
from runner.timing.stats import PairedTimes, RatioEstimate, StopRule, settled
from runner.timing.variants import Variants
from runner.verdicts import Verdict

WARMUP_PAIRS = 2  # checked, not counted: first calls pay one-off costs
FULL_CHECKS = 2  # calls whose whole result is compared, chosen at random
IN_FLIGHT_WINDOW_S = 0.005  # how long a still-running user thread is watched
IN_FLIGHT_SHARE = 0.5  # of that window on a CPU: more means the call left work running
GAP_CPU_NS = 1_000_000  # background CPU between calls tolerated where the child cannot be stopped
RESERVE_INPUT_COPIES = 4  # heap faulted in before timing, in multiples of the inputs' size
RESERVE_MIN_BYTES, RESERVE_MAX_BYTES = 32 << 20, 128 << 20
SLACK_NS = 200_000  # added to twice the channel's round trip for the lower bound


@dataclass
class EntryTiming:
    """One entry's timing: the figures, and a failure found while timing, if any."""

    entry: str
    label: str  # the test that was timed
    verdict: Verdict = Verdict.ACCEPTED  # or the failure found while timing (never TOO_SLOW here)
    message: str = ""
    user_ns: float = 0.0  # typical user time (lower quartile, bounded by the judge's clock)
    reference_ns: float = 0.0
    estimate: RatioEstimate | None = None
    stop_reason: str = ""
    pairs: int = 0
    inputs: str = ""  # how the inputs of timed calls were made fresh


class Untimed(Exception):
    """Timing for information only, and this test's inputs cannot be made fresh: skip it."""


class Failed(Exception):
    def __init__(self, verdict: Verdict, message: str) -> None:
        super().__init__(message)
        self.verdict, self.message = verdict, message


_CLOCKS: dict[str, Clock] = {}


def reference_clock(device: str) -> Clock:
    """One clock per device in the judge's process (the CUDA flush buffer is large)."""
    if device not in _CLOCKS:
        _CLOCKS[device] = Clock(device)
    return _CLOCKS[device]


def heap_reserve(input_bytes: int, memory_mb: int) -> int:
    """How much heap both sides fault in before timing: room for a few copies of the
    inputs (a call's temporaries), within a quarter of the sandbox's memory."""
    return min(max(RESERVE_INPUT_COPIES * input_bytes, RESERVE_MIN_BYTES), RESERVE_MAX_BYTES, memory_mb << 18)


class EntryTimer:
    """The pairs of one entry; `run` returns its EntryTiming."""

    def __init__(self, judging: Judging, entry: Entry, budget_s: float, threshold: float | None) -> None:
        self.j, self.entry, self.budget_s = judging, entry, budget_s
        self.rule = StopRule(threshold=threshold)
        self.case = judging.plan.timed_case(entry)
        self.rng = random.Random(int.from_bytes(judging.plan.secret[:8].ljust(8, b"\0"), "little") ^ hash(entry.name))
        self.times = PairedTimes()
        self.shortfalls: list[float] = []  # per call: the judge's lower bound minus the child's own time
        self.lower: list[float] = []  # per call: the judge's lower bound
        full_at = set(self.rng.sample(range(WARMUP_PAIRS + self.rule.min_pairs), FULL_CHECKS))
        self.checks = SpotChecks(judging, entry, self.case, self.rng, full_at) if self.case is not None else None
        self.after_reply: Threads | None = None  # the user's threads when the last timed call returned
        self.copy_ns = 0.0  # GPU: what copying a call's inputs to the device may add to its request
        self.target = entry.name
        spec = judging.spec
        self.forbidden = spec.forbidden_for(judging.language) + (list(NO_AUTOGRAD) if spec.no_autograd else [])

    # -- preparing ----------------------------------------------------------------
    def _generate(self, k: int) -> dict[str, Any]:
        assert self.case is not None
        module = self.j.spec.kind == "module"
        return self.j.code.generate(self.entry, self.case.test, timing_seed(self.case.seed, k), self.j.device,
                                    module=module)

    def _reference(self) -> tuple[Callable[[dict[str, Any]], Any], str]:
        """The reference as a function of the call's arguments, and the child's entry name."""
        j = self.j
        if j.spec.kind != "module":
            def call(kwargs: dict[str, Any]) -> Any:
                return j.code.reference(self.entry, kwargs, no_autograd=j.spec.no_autograd, copy=False)

            return call, self.entry.name
        assert self.case is not None
        reference = j.code.build_module(self.entry, self.case.test, self.case.seed, j.device)
        built = j.link.ask(p.ModuleBuild(self.entry.name, self.case.test.init or {}, []))
        if isinstance(built, p.Failure):
            raise Failed(*failure_verdict(built))
        if (failed := load_state(j, reference)) is not None:
            raise Failed(Verdict.COMPILE_ERROR, failed)

        def forward(kwargs: dict[str, Any]) -> Any:
            with torch.no_grad():
                return j.code.forward(reference, kwargs)

        return forward, p.MODULE_ENTRY

    # -- one pair -----------------------------------------------------------------
    def _user_call(self, args: dict[str, Any], out: Any, k: int) -> tuple[float, Sampling]:
        """The user's timed call, its time bounded by what the judge saw from outside, and
        the elements of its result to check, fetched before anything else of the child runs."""
        link = self.j.link
        child = link.child
        if not child.can_freeze and self.after_reply is not None:
            self._no_gap_work()
        child.thaw()
        before = child.threads()
        staged = link.staged
        same = staged is not None and args == staged.args  # then the child reuses what it decoded at staging
        reply, elapsed, encode_ns = link.ask_timed(p.Call(self.target, None if same else args, out, timed=True))
        if isinstance(reply, p.Failure):
            raise Failed(*failure_verdict(reply))
        assert isinstance(reply, p.Called)
        after = child.threads()
        self._nothing_in_flight(after)
        assert self.checks is not None
        sampling = self.checks.fetch(k)
        child.freeze()
        if self.j.device == "cpu":
            # On the one core the pairs share, the call's threads (those that ended too)
            # cannot have computed for longer than the call lasted.
            lower = after.cpu_since(before) - (2 * link.ping_cpu_ns + SLACK_NS + 3 * encode_ns)
        else:  # GPU time is not CPU time: the judge's wall clock bounds it, less the copy and the channel
            lower = elapsed - (2 * link.round_trip_ns + SLACK_NS + self.copy_ns + 3 * encode_ns)
        self.shortfalls.append(lower - reply.time_ns)
        self.lower.append(max(lower, 0.0))
        return min(max(reply.time_ns, lower), float(elapsed)), sampling

    def _nothing_in_flight(self, after: Threads) -> None:
        """Right after a timed call returns, none of the user's threads or processes may
        still be computing: that would be work the call's time does not include."""
        child = self.j.link.child
        if after.running:
            time.sleep(IN_FLIGHT_WINDOW_S)
            later = child.threads()
            busy = max((later.cpu_ns[t] - after.cpu_ns.get(t, 0) for t in after.running if t in later.cpu_ns),
                       default=0)
            if busy > IN_FLIGHT_SHARE * IN_FLIGHT_WINDOW_S * 1e9:
                raise Failed(Verdict.RUNTIME_ERROR, (
                    "a timed call returned while a thread or process it started was still computing: a call "
                    "must finish all of its work (join its threads, wait for its processes) before it returns"))
            after = later
        self.after_reply = after

    def _no_gap_work(self) -> None:
        """Where the child cannot be stopped: its threads must stay idle between calls."""
        assert self.after_reply is not None
        used = self.j.link.child.threads().background_since(self.after_reply)
        if used > GAP_CPU_NS:
            raise Failed(Verdict.RUNTIME_ERROR, (
                f"your code used {used / 1e6:.1f} ms of CPU in background threads between timed calls: "
                "a call must finish all of its work before it returns"))

    def _reference_call(self, call: Callable[[dict[str, Any]], Any], inputs: dict[str, Any],
                        args: dict[str, Any]) -> tuple[Any, float]:
        """The reference on the same inputs as the user's call. On the CPU, while the child is
        stopped, it reads the very pages the user's call read (the same memory, the same
        page sizes), so neither side is timed on better-placed inputs."""
        child = self.j.link.child
        staged = self.j.link.staged
        if child.freeze() and self.j.device == "cpu" and staged is not None:
            inputs = fill(args if args is not None else staged.args, staged.shared.views)
        clock = reference_clock(self.j.device)
        with ForbiddenGuard(self.forbidden, observe_only=True):  # the interception cost the user's calls pay
            return clock.time_call(lambda: call(inputs))

    # -- the loop -----------------------------------------------------------------
    def run(self) -> EntryTiming | None:
        if self.case is None:
            return None
        result = EntryTiming(self.entry.name, self.case.label)
        threads = torch.get_num_threads()
        torch.set_num_threads(self.j.settings.torch_threads)  # as many as the child has
        allocator.steady()  # as the child's
        try:
            with placement.on_one_cpu() as cpu:
                self._loop(result, cpu)
        except (Failed, SpotCheckFailed) as failed:
            result.verdict, result.message = failed.verdict, failed.message
        except Untimed as untimed:
            result.stop_reason = str(untimed)
        finally:
            torch.set_num_threads(threads)
            self.j.link.child.thaw()
        return result

    def _inputs(self, variants: Variants, k: int) -> tuple[dict[str, Any], list[torch.Tensor], dict[str, Any]]:
        """Call k's inputs, their tensors in slot order, and the skeleton to send."""
        try:
            inputs = variants.make(k)
        except ValueError as exc:
            if self.rule.threshold is None:  # nothing decides on these figures: not worth failing for
                raise Untimed(f"not timed: {exc.args[0].split(':')[0]}") from None
            raise ProblemError(f"{self.j.code.path}: {exc}") from None
        tensors: list[torch.Tensor] = []
        return inputs, tensors, skeleton(inputs, tensors)

    def _write(self, staged: Staged, inputs: dict[str, Any], tensors: list[torch.Tensor]) -> Staged:
        """Put call k's inputs where the child finds them: over the staged ones, or (when
        their shapes changed: a problem's vary may change sizes) in newly staged memory."""
        if [(t.shape, t.dtype) for t in tensors] != [(t.shape, t.dtype) for t in staged.tensors]:
            if self.j.language == "triton":
                raise ProblemError(f"{self.j.code.path}: for Triton, vary() must keep the inputs' shapes")
            child = self.j.link.child
            child.thaw()
            staged = self.j.link.stage(inputs)
            child.freeze()
            return staged
        written = time.perf_counter_ns()
        staged.shared.write(tensors)
        if self.j.device != "cpu":  # the child copies them to the device inside its request
            self.copy_ns = 2.0 * (time.perf_counter_ns() - written)
        return staged

    def _loop(self, result: EntryTiming, cpu: int | None) -> None:
        assert self.checks is not None  # there is a timed case
        reference, self.target = self._reference()
        base = self._generate(0)
        variants = Variants(base, seed=self.rng.getrandbits(48), vary=self.j.code.vary(self.entry),
                            regenerate=lambda k: self._generate(k + 1))
        result.inputs = variants.how
        inputs, tensors, args = self._inputs(variants, 0)
        staged = self.j.link.stage(inputs)
        if self.j.device == "cpu":  # both heaps hold the temporaries; both sides on one CPU
            nbytes = heap_reserve(sum(t.nbytes for t in tensors), self.j.problem.spec.limits.memory_mb)
            if isinstance(reply := self.j.link.ask(p.Settle(nbytes, cpu)), p.Failure):
                raise Failed(*failure_verdict(reply))
            allocator.hold(nbytes)
        # Triton's out is shaped like the reference's result (a module, which may keep
        # state between calls, is never called outside the pairs: no Triton there)
        out = out_spec(self.j, reference(inputs)) if self.j.language == "triton" else None
        self.j.link.child.freeze()
        started = time.monotonic()
        k = 0
        while True:
            if k:
                inputs, tensors, args = self._inputs(variants, k)
                staged = self._write(staged, inputs, tensors)
            if k % 2 == 0:
                user_ns, sampling = self._user_call(args, out, k)
                expected, reference_ns = self._reference_call(reference, inputs, args)
            else:
                expected, reference_ns = self._reference_call(reference, inputs, args)
                user_ns, sampling = self._user_call(args, out, k)
            self.checks.verify(sampling, inputs, expected)
            if k >= WARMUP_PAIRS:
                self.times.add(user_ns, reference_ns)
            k += 1
            self._tampering()
            reason = settled(self.times, self.rule, spent=(time.monotonic() - started) / self.budget_s)
            if reason is not None:
                break
        result.stop_reason = reason
        result.pairs = len(self.times)
        result.user_ns, result.reference_ns = self.times.typical_ns()
        result.estimate = self.times.estimate()

    def _tampering(self) -> None:
        """The child's own times far below what the judge saw from outside: forged."""
        if len(self.shortfalls) < 4:
            return
        shortfall, lower = statistics.median(self.shortfalls), statistics.median(self.lower)
        floor = 1e6 if self.j.device == "cpu" else 5e6
        if shortfall > max(floor, 0.3 * lower):
            seen = "CPU time its own thread used" if self.j.device == "cpu" else "time the judge's clock saw"
            raise Failed(Verdict.RUNTIME_ERROR, (
                f"the times measured inside the sandbox (median {max(0.0, lower - shortfall) / 1e6:.3f} ms per "
                f"call) are far below the {seen} ({lower / 1e6:.3f} ms): timers or the judge's harness were "
                "tampered with"))
