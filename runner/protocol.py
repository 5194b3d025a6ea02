"""The messages between the judge and its sandboxed child, declared once for both sides.

Each request names its operation (`op`); the child answers each with one reply type
(or `Failure`). On the wire a message is a plain dict with its `op` or `reply` tag, so
the judge can decode the child's bytes with `weights_only=True` (data, never code),
and `decode_*` rebuilds the typed message, refusing unknown tags and fields.

Tensors in `args` travel in shared memory: see runner/staging.py for skeletons.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from typing import Any, ClassVar

import torch

from runner.wire import ChannelCorrupt

MODULE_ENTRY = "__module__"  # Call.entry that means the built module's forward (module kind)


# -- requests (judge -> child) --------------------------------------------------------
@dataclass
class Request:
    op: ClassVar[str]


@dataclass
class Ping(Request):
    """Measures the channel's round trip before any user code is loaded."""

    op: ClassVar[str] = "ping"


@dataclass
class Verify(Request):
    """Check that nothing the harness's numbers rest on was patched (see harness/integrity.py)."""

    op: ClassVar[str] = "verify"


@dataclass
class Prepare(Request):
    """Set up the device (a CUDA context, the timing clock, a GPU memory cap) before any
    user code exists in the child: a failure here is the judge's, not the learner's."""

    op: ClassVar[str] = "prepare"
    device: str
    language: str
    gpu_memory_fraction: float = 1.0  # of the GPU's memory this child may allocate


@dataclass
class Load(Request):
    op: ClassVar[str] = "load"
    code: str
    entries: list[tuple[str, str]]  # (name, "function" or "class") the code must define
    forbidden: list[str]
    no_autograd: bool
    forbidden_modules: list[str] = field(default_factory=list)  # imports the code may not make
    driver: tuple[str, str] | None = None  # (function name, driver.py source): how each call runs


@dataclass
class Stage(Request):
    """Map the shared input file sent right after this message (see runner/staging.py)."""

    op: ClassVar[str] = "stage"
    slots: list[tuple[int, tuple[int, ...], str]]  # (offset, shape, dtype) per tensor slot
    args: Any = None  # the staged call's arguments (a skeleton): a Call may then send None


@dataclass
class Settle(Request):
    """Before timing: hold the heap (runner/timing/allocator.py) and run on the judge's
    CPU (runner/timing/placement.py)."""

    op: ClassVar[str] = "settle"
    heap_bytes: int  # faulted in and kept
    cpu: int | None  # every thread pinned to it; None: left where it is


@dataclass
class Call(Request):
    """Call an entry (or the built module's forward: MODULE_ENTRY) once."""

    op: ClassVar[str] = "call"
    entry: str
    args: dict[str, Any] | None  # keyword arguments, tensors as slot markers; None: the staged ones
    out: Any = None  # Triton: the pre-allocated output's (shape, dtype), or None
    timed: bool = False  # a timed call: reply the time only and keep the result for Sample


@dataclass
class Sample(Request):
    """Values of the last timed call's result: chosen elements, or all of it."""

    op: ClassVar[str] = "sample"
    positions: torch.Tensor | None  # fractions in [0, 1) of each result tensor's length (runner.values.sampled)
    full: bool = False


@dataclass
class ModuleBuild(Request):
    op: ClassVar[str] = "module_build"
    entry: str
    init: dict[str, Any]
    check: list[str]  # buffers and parameters whose values come back as constructed


@dataclass
class ModuleLoad(Request):
    op: ClassVar[str] = "module_load"
    state_dict: dict[str, torch.Tensor]


@dataclass
class ModuleForward(Request):
    op: ClassVar[str] = "module_forward"
    args: dict[str, Any] | None  # forward's keyword arguments, tensors as slot markers; None: the staged ones
    grad_output: torch.Tensor | None = None  # when set: backward, and gradients come back


@dataclass
class Exit(Request):
    op: ClassVar[str] = "exit"


# -- replies (child -> judge) ---------------------------------------------------------
@dataclass
class Reply:
    reply: ClassVar[str]


@dataclass
class Done(Reply):
    reply: ClassVar[str] = "done"


@dataclass
class Failure(Reply):
    """The request could not be answered normally; `kind` says why."""

    reply: ClassVar[str] = "failure"
    kind: str  # error, forbidden, oom, tampered, foreign (not plain data), overrun, load, compile, harness
    message: str
    exc_types: list[str] = field(default_factory=list)  # the exception's class and bases


@dataclass
class Called(Reply):
    reply: ClassVar[str] = "called"
    time_ns: float
    output: Any = None  # not for timed calls (see Sample)
    peak_extra_bytes: int | None = None
    input_grads: dict[str, Any] | None = None  # ModuleForward with grad_output
    param_grads: dict[str, Any] | None = None


@dataclass
class Sampled(Reply):
    reply: ClassVar[str] = "sampled"
    shape: Any  # the result with each tensor replaced by (shape, dtype)
    values: list[torch.Tensor | None]  # per result tensor: the asked elements (all when full)


@dataclass
class Built(Reply):
    reply: ClassVar[str] = "built"
    parameters: dict[str, tuple[tuple[int, ...], str, bool]]  # name -> (shape, dtype, requires_grad)
    buffers: dict[str, tuple[tuple[int, ...], str, bool]]  # name -> (shape, dtype, persistent)
    values: dict[str, Any]  # the asked-for buffers and parameters, as constructed


REQUESTS: dict[str, type[Request]] = {
    c.op: c
    for c in (Ping, Verify, Prepare, Load, Stage, Settle, Call, Sample, ModuleBuild, ModuleLoad, ModuleForward, Exit)
}
REPLIES: dict[str, type[Reply]] = {c.reply: c for c in (Done, Failure, Called, Sampled, Built)}


def _fields(message: Any) -> dict[str, Any]:
    return {f.name: getattr(message, f.name) for f in dataclasses.fields(message)}


def to_wire(message: Request | Reply, seq: int) -> dict[str, Any]:
    tag = {"op": message.op} if isinstance(message, Request) else {"reply": message.reply}
    return {**tag, "seq": seq, **_fields(message)}


def _build(table: dict[str, type[Any]], tag: str, data: Any) -> tuple[Any, int]:
    if not isinstance(data, dict) or not isinstance(data.get(tag), str) or data[tag] not in table:
        raise ChannelCorrupt(f"not a known {'request' if tag == 'op' else 'reply'}")
    cls = table[data[tag]]
    names = {f.name for f in dataclasses.fields(cls)}
    body = {k: v for k, v in data.items() if k not in (tag, "seq")}
    if not set(body) <= names:
        raise ChannelCorrupt(f"{data[tag]}: unexpected fields {sorted(set(body) - names)}")
    try:
        return cls(**body), data.get("seq")
    except TypeError as exc:
        raise ChannelCorrupt(f"{data[tag]}: {exc}") from None


def decode_request(data: Any) -> tuple[Request, int]:
    return _build(REQUESTS, "op", data)


def decode_reply(data: Any) -> tuple[Reply, int]:
    return _build(REPLIES, "reply", data)
